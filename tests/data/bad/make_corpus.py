#!/usr/bin/env python3
"""Writes the bad-input corpus beside this file: model files, catalogs, SkyPilot CSVs, probe
results and flags that advise must refuse (or, for import rows, leave out) with a located
message. Each entry: its file, how it is used, the exit code and a fragment of the message.
The corpus is checked in; rerun this only to change it on purpose.

  tests/data/bad/make_corpus.py
"""

import json
import pathlib

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent.parent
ENTRIES = []  # (file, kind, exit code, fragment)

TRAINING = '[training]\nbatch_size = 8\nsamples = 80\nepochs = 1\n'
MODEL_HEAD = '[model]\nname = "bad"\n\n' + TRAINING


def dense(inputs=4, outputs=3, extra=""):
    return f'\n[[layer]]\ntype = "dense"\ninputs = {inputs}\noutputs = {outputs}\n{extra}'


def add(kind, name, text, code, fragment, mode="w"):
    folder = HERE / kind
    folder.mkdir(exist_ok=True)
    path = folder / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text)
    ENTRIES.append((f"{kind}/{name}", kind, code, fragment))


def models():
    m = lambda name, text, fragment: add("model", name + ".toml", text, 2, fragment)
    # Malformed TOML.
    m("unclosed_table", '[model\nname = "x"\n', "malformed TOML")
    m("unclosed_string", '[model]\nname = "x\n', "malformed TOML")
    m("duplicate_key", '[model]\nname = "x"\nname = "y"\n', "malformed TOML")
    m("bare_value", '[model]\nname = x\n', "malformed TOML")
    m("binary", "\x00\x01\x02", "malformed TOML")
    m("empty", "", "model: missing required table")
    m("only_comment", "# nothing here\n", "model: missing required table")
    m("array_of_models", '[[model]]\nname = "x"\n', "model: expected a table, got an array")
    m("bad_unicode_escape", '[model]\nname = "\\uZZZZ"\n', "malformed TOML")
    m("equals_only", "=\n", "malformed TOML")
    # [model] and [training].
    m("no_name", '[model]\n\n' + TRAINING + dense(), "model.name: missing required field")
    m("name_number", '[model]\nname = 3\n\n' + TRAINING + dense(), "model.name: expected a string")
    m("no_training", '[model]\nname = "x"\n' + dense(), "training: missing required table")
    for field, value, fragment in [
        ("batch_size", "0", "training.batch_size: expected an integer from 1"),
        ("batch_size", "-8", "training.batch_size: expected an integer from 1"),
        ("batch_size", "1e30", "training.batch_size: expected an integer"),
        ("batch_size", '"eight"', "training.batch_size: expected an integer"),
        ("batch_size", "99999999999999999999", "malformed TOML"),
        ("samples", "0", "training.samples: expected an integer from 1"),
        ("samples", "2.5", "training.samples: expected an integer"),
        ("epochs", "0", "training.epochs: expected an integer from 1"),
        ("epochs", "-1", "training.epochs: expected an integer from 1"),
        ("precision", '"fp8"', "training.precision: expected"),
        ("precision", '"FP32"', "training.precision: expected"),
        ("optimizer", '"lion"', "training.optimizer: expected"),
        ("optimizer", "1", "training.optimizer: expected"),
    ]:
        text = TRAINING.replace(f"{field} = ", f"{field}_old = ") if f"{field} = " in TRAINING else TRAINING
        text = (text.replace(f"{field}_old = ", "#").rstrip("\n") + f"\n{field} = {value}\n")
        name = f"training_{field}_{value.strip(chr(34)).replace('.', '_').replace('-', 'minus')}"[:48]
        m(name, '[model]\nname = "x"\n\n' + text + dense(), fragment)
    m("training_typo", MODEL_HEAD + "epoch = 2\n" + dense(), "training.epoch: unknown field")
    m("model_typo", '[model]\nname = "x"\nnmae = "y"\n\n' + TRAINING + dense(), "model.nmae: unknown field")
    m("top_typo", MODEL_HEAD + '\n[trainig]\nx = 1\n' + dense(), "trainig: unknown field")
    m("no_layers", MODEL_HEAD, "missing layers: add at least one [[layer]] table")
    m("layer_not_table", "layer = 3\n" + MODEL_HEAD, "layer: expected an array, got integer 3")
    # Layer fields.
    L = lambda name, layers, fragment: m("layer_" + name, MODEL_HEAD + layers, fragment)
    L("unknown_type", '\n[[layer]]\ntype = "dens"\ninputs = 4\noutputs = 3\n', 'did you mean "dense"')
    L("no_type", '\n[[layer]]\ninputs = 4\noutputs = 3\n', "layer[1].type: missing required field")
    L("type_number", '\n[[layer]]\ntype = 1\n', "layer[1].type: expected a string, got integer 1")
    L("inputs_missing", '\n[[layer]]\ntype = "dense"\noutputs = 3\n', "layer[1].inputs: missing required field")
    L("outputs_typo", '\n[[layer]]\ntype = "dense"\ninputs = 4\nouputs = 3\n', 'unknown field "ouputs"')
    L("inputs_zero", dense(0), "layer[1].inputs: expected an integer from 1")
    L("inputs_negative", dense(-4), "layer[1].inputs: expected an integer from 1")
    L("inputs_huge", dense("100000000000000000"), "layer[1].inputs: expected an integer from 1")
    L("inputs_float", dense("2.5"), "layer[1].inputs: expected an integer")
    L("inputs_string", dense('"four"'), "layer[1].inputs: expected an integer")
    L("inputs_bool", dense("true"), "layer[1].inputs: expected an integer")
    L("inputs_array", dense("[4]"), "layer[1].inputs: expected an integer")
    L("mismatch", dense(4, 3) + dense(4, 2), "layer[2].inputs: expected 3")
    L("activation_unknown", dense(extra='activation = "relu6"\n'), "layer[1].activation: expected")
    L("bias_string", dense(extra='bias = "yes"\n'), "layer[1].bias")
    L("repeat_zero", dense(4, 4, "repeat = 0\n"), "layer[1].repeat: expected an integer from 1")
    L("repeat_huge", dense(4, 4, "repeat = 100000000\n"), "layer[1].repeat: expected an integer from 1")
    L("repeat_reshape", dense(4, 3, "repeat = 2\n"), "layer[1].repeat: a repeated dense layer feeds itself")
    conv = lambda extra: f'\n[[layer]]\ntype = "conv2d"\nin_channels = 3\nout_channels = 8\nkernel = 3\n{extra}'
    L("conv_no_input", conv(""), "needs `input = [height, width]`")
    L("conv_input_one", conv("input = [28]\n"), "layer[1].input: expected [height, width]")
    L("conv_input_zero", conv("input = [0, 28]\n"), "layer[1].input: expected [height, width]")
    L("conv_input_strings", conv('input = ["a", "b"]\n'), "layer[1].input: expected [height, width]")
    L("conv_kernel_too_large", conv("input = [2, 2]\n"), "layer[1].kernel: kernel 3 is larger than the padded input")
    L("conv_kernel_zero", conv("input = [8, 8]\n").replace("kernel = 3", "kernel = 0"), "layer[1].kernel: expected an integer from 1")
    L("conv_stride_zero", conv("input = [8, 8]\nstride = 0\n"), "layer[1].stride: expected an integer from 1")
    L("conv_padding_negative", conv("input = [8, 8]\npadding = -1\n"), "layer[1].padding: expected an integer from 0")
    L("conv_groups", conv("input = [8, 8]\ngroups = 2\n"), "layer[1].groups: expected a divisor")
    L("conv_channels", conv("input = [8, 8]\n") + conv("").replace("in_channels = 3", "in_channels = 4"),
      "layer[2].in_channels: expected 8")
    L("conv_after_dense", dense(4, 3) + conv(""), "conv2d needs an image input")
    L("conv_overflow", conv("input = [1000000000, 1000000000]\n").replace("out_channels = 8", "out_channels = 1000000000"),
      "the model is too large")
    L("pool_first", '\n[[layer]]\ntype = "pool"\nkernel = 2\n', "pool needs an image or a sequence input")
    L("pool_no_kernel", conv("input = [8, 8]\n") + '\n[[layer]]\ntype = "pool"\n', "layer[2].kernel: missing")
    L("pool_first_on_image", conv("input = [8, 8]\n") + '\n[[layer]]\ntype = "pool"\nfunction = "first"\nglobal = true\n',
      '"first" pools a sequence')
    L("pool_function", conv("input = [8, 8]\n") + '\n[[layer]]\ntype = "pool"\nfunction = "min"\nkernel = 2\n',
      "layer[2].function: expected")
    L("norm_first", '\n[[layer]]\ntype = "norm"\n', "a norm layer cannot be the first layer")
    L("norm_size", dense(4, 3) + '\n[[layer]]\ntype = "norm"\nsize = 4\n', "layer[2].size: expected 3")
    L("norm_kind", dense(4, 3) + '\n[[layer]]\ntype = "norm"\nnorm = "group"\n', "layer[2].norm: expected")
    L("activation_first", '\n[[layer]]\ntype = "activation"\nfunction = "relu"\n', "an activation layer cannot be the first")
    L("activation_no_function", dense(4, 3) + '\n[[layer]]\ntype = "activation"\n', "layer[2].function: missing")
    L("activation_size", dense(4, 3) + '\n[[layer]]\ntype = "activation"\nfunction = "relu"\nsize = 2\n',
      "layer[2].size: expected 3")
    emb = lambda extra: f'\n[[layer]]\ntype = "embedding"\nvocab = 100\ndim = 8\n{extra}'
    L("embedding_no_seq_len", emb(""), "layer[1].seq_len: missing")
    L("embedding_vocab_zero", emb("seq_len = 4\n").replace("vocab = 100", "vocab = 0"), "layer[1].vocab: expected an integer from 1")
    L("embedding_tied_mismatch", emb("seq_len = 4\ntied = true\n") + dense(8, 6), "layer[1].tied")
    tr = lambda extra: f'\n[[layer]]\ntype = "transformer"\nd_model = 8\nheads = 3\nffn = 16\n{extra}'
    L("transformer_heads", emb("seq_len = 4\n") + tr(""), "layer[2].heads: expected a divisor of d_model 8")
    L("transformer_d_model", emb("seq_len = 4\n") + tr("").replace("d_model = 8", "d_model = 12").replace("heads = 3", "heads = 4"),
      "layer[2].d_model: expected 8")
    L("transformer_seq_len", emb("seq_len = 4\n") + tr("seq_len = 5\n").replace("heads = 3", "heads = 2"),
      "layer[2].seq_len: expected 4")
    L("transformer_after_dense", dense(4, 8) + tr("").replace("heads = 3", "heads = 2"), "needs a sequence input")
    L("lstm_no_hidden", emb("seq_len = 4\n") + '\n[[layer]]\ntype = "lstm"\ninputs = 8\n', "layer[2].hidden: missing")
    L("lstm_inputs", emb("seq_len = 4\n") + '\n[[layer]]\ntype = "lstm"\ninputs = 9\nhidden = 8\n', "layer[2].inputs: expected 8")
    lstm = lambda extra: f'\n[[layer]]\ntype = "lstm"\ninputs = 12\nhidden = 8\n{extra}'
    L("lstm_concat_all", emb("seq_len = 4\n") + lstm("concat = 12\n"), "layer[2].concat: expected fewer than inputs 12")
    L("lstm_concat_width", emb("seq_len = 4\n") + lstm("concat = 2\n"), "layer[2].inputs: expected 10")
    L("lstm_concat_first", lstm("seq_len = 4\nconcat = 4\n"), "layer[1].concat: a first layer has no previous output")
    L("lstm_concat_negative", emb("seq_len = 4\n") + lstm("concat = -4\n"), "layer[2].concat: expected an integer from 1")
    att = lambda extra: f'\n[[layer]]\ntype = "additive_attention"\n{extra}'
    L("attention_first", att("units = 8\n"), "layer[1].type: additive_attention needs a sequence input")
    L("attention_no_units", emb("seq_len = 4\n") + att(""), "layer[2].units: missing")
    L("attention_keys_zero", emb("seq_len = 4\n") + att("units = 8\nkeys = 0\n"), "layer[2].keys: expected an integer from 1")
    L("attention_after_dense", dense(4, 8) + att("units = 8\n"), "is not a sequence")
    L("attention_overflow", emb("seq_len = 100000\n") + att("units = 1000000000\nkeys = 100000000\n"), "the model is too large")
    blk = lambda inner, extra="": f'\n[[layer]]\ntype = "block"\n{extra}layers = [{inner}]\n'
    L("block_empty", dense(4, 4) + blk(""), "layer[2].layers: a block needs at least one layer")
    L("block_first", blk('{ type = "dense", inputs = 4, outputs = 4 }'), "a block cannot be the first layer")
    L("block_residual_shape", dense(4, 4) + blk('{ type = "dense", inputs = 4, outputs = 3 }'), "the residual add needs equal shapes")
    L("block_inner_error", dense(4, 4) + blk('{ type = "dense", inputs = 5, outputs = 4 }'), "layer[2].layers[1].inputs: expected 4")
    L("block_inner_typo", dense(4, 4) + blk('{ type = "dense", inputs = 4, ouputs = 4 }'), 'unknown field "ouputs"')
    L("block_layers_not_array", dense(4, 4) + '\n[[layer]]\ntype = "block"\nlayers = 3\n', "layer[2].layers: expected an array, got integer 3")
    L("deep_overflow", "".join(dense(1000000000, 1000000000) for _ in range(1)) + dense(1000000000, 1000000000, "repeat = 100000\n"),
      "the model is too large")


def catalogs():
    head = '[catalog]\nprovider = "bad"\ncurrency = "USD"\nas_of = 2025-06-01\nsource = "corpus"\n'
    inst = lambda fields: '\n[[instance]]\n' + fields
    ok = 'name = "x.large"\nregion = "r"\nvcpus = 4\nmemory_gib = 16\ncpu = "Graviton4"\nusd_per_hour = 0.2\n'
    c = lambda name, text, fragment: add("catalog", name + ".toml", text, 2, fragment)
    c("no_catalog_table", inst(ok), "catalog: missing required table [catalog]")
    c("no_provider", head.replace('provider = "bad"\n', "") + inst(ok), "catalog.provider: missing required field")
    c("as_of_text", head.replace("as_of = 2025-06-01", 'as_of = "June"'), "catalog.as_of: expected a date")
    c("as_of_number", head.replace("as_of = 2025-06-01", "as_of = 2025"), "catalog.as_of: expected a date")
    c("currency_mismatch", head.replace('"USD"', '"EUR"') + inst(ok), "catalog.currency: expected USD")
    c("catalog_typo", head + 'sorce = "x"\n', 'catalog.sorce: unknown field')
    for name, fields, fragment in [
        ("no_name", ok.replace('name = "x.large"\n', ''), "instance[1].name: missing required field"),
        ("empty_name", ok.replace('"x.large"', '""'), "instance[1].name: expected the instance's name"),
        ("empty_region", ok.replace('region = "r"', 'region = ""'), "instance[1].region: expected the instance's region"),
        ("no_region", ok.replace('region = "r"\n', ''), "instance[1].region: missing required field"),
        ("vcpus_zero", ok.replace("vcpus = 4", "vcpus = 0"), "instance[1].vcpus: expected an integer from 1"),
        ("vcpus_float", ok.replace("vcpus = 4", "vcpus = 0.4"), "instance[1].vcpus: expected an integer"),
        ("vcpus_huge", ok.replace("vcpus = 4", "vcpus = 1000000"), "instance[1].vcpus: expected an integer from 1 to 4096"),
        ("memory_tiny", ok.replace("memory_gib = 16", "memory_gib = 0.1"), "instance[1].memory_gib: expected a number from 0.5"),
        ("memory_nan", ok.replace("memory_gib = 16", "memory_gib = nan"), "instance[1].memory_gib"),
        ("memory_inf", ok.replace("memory_gib = 16", "memory_gib = inf"), "instance[1].memory_gib"),
        ("price_negative", ok.replace("usd_per_hour = 0.2", "usd_per_hour = -1"), "instance[1].usd_per_hour: expected a number from 0"),
        ("price_absurd", ok.replace("usd_per_hour = 0.2", "usd_per_hour = 1e30"), "instance[1].usd_per_hour: expected a number from 0"),
        ("price_string", ok.replace("usd_per_hour = 0.2", 'usd_per_hour = "cheap"'), "instance[1].usd_per_hour: expected a number"),
        ("no_price", ok.replace("usd_per_hour = 0.2\n", ""), "instance[1].usd_per_hour: missing required field"),
        ("spot_above", ok + "spot_usd_per_hour = 0.5\n", "instance[1].spot_usd_per_hour: spot price"),
        ("unknown_gpu", ok.replace('cpu = "Graviton4"', 'gpu = "Z100"'), 'unknown GPU "Z100"'),
        ("unknown_cpu", ok.replace('"Graviton4"', '"Graviton9"'), 'unknown CPU "Graviton9"'),
        ("gpu_count_without_gpu", ok + "gpu_count = 2\n", "instance[1].gpu_count: gpu_count is set but gpu is not"),
        ("gpu_count_zero", ok.replace('cpu = "Graviton4"', 'gpu = "T4"') + "gpu_count = 0\n", "instance[1].gpu_count: expected an integer from 1"),
        ("billing_zero", ok + "billing_seconds = 0\n", "instance[1].billing_seconds: expected an integer from 1"),
        ("minimum_negative", ok + "minimum_billed_seconds = -60\n", "instance[1].minimum_billed_seconds"),
        ("typo", ok + "spot_usd_per_hr = 0.1\n", "instance[1].spot_usd_per_hr: unknown field"),
    ]:
        c("instance_" + name, head + inst(fields), fragment)
    c("duplicate_instance", head + inst(ok) + inst(ok), 'duplicate instance "x.large"')
    c("instance_not_table", "instance = 3\n" + head, "instance: expected an array, got integer 3")
    gpu = '\n[[gpu]]\nname = "Z1"\nmemory_gib = 16\nbandwidth_gb_per_s = 300\nfp32_tflops = 10\ntdp_watts = 70\nsource = "c"\n'
    c("gpu_no_memory", head + gpu.replace("memory_gib = 16\n", ""), "gpu[1].memory_gib: missing required field")
    c("gpu_zero_tflops", head + gpu.replace("fp32_tflops = 10", "fp32_tflops = 0"), "gpu[1].fp32_tflops: expected a number from 0.1")
    c("gpu_sm_negative", head + gpu + "sm_count = -1\n", "gpu[1].sm_count: expected an integer from 1")
    c("gpu_alias_number", head + gpu + "aliases = [1]\n", "gpu[1].aliases: expected strings")
    cpu = ('\n[[cpu]]\nname = "Q1"\nmicroarchitecture = "q"\nfp32_flops_per_cycle_per_core = 32\nall_core_clock_ghz = 3\n'
           'socket_bandwidth_gb_per_s = 100\nsource = "c"\n')
    c("cpu_clock_zero", head + cpu.replace("all_core_clock_ghz = 3", "all_core_clock_ghz = 0"), "cpu[1].all_core_clock_ghz: expected a number from 0.1")
    c("cpu_no_source", head + cpu.replace('source = "c"\n', ""), "cpu[1].source: missing required field")
    c("family_unknown_cpu", head + '\n[[family]]\nprovider = "bad"\ninstances = "q*"\ncpu = "Q9"\nsource = "c"\n', 'family[q*].cpu: unknown CPU "Q9"')
    c("family_no_pattern", head + '\n[[family]]\nprovider = "bad"\ncpu = "Graviton4"\nsource = "c"\n', "family[1].instances: missing required field")
    c("local_price_negative", head + '\n[local]\nusd_per_kwh = -0.1\nmachine_watts = 100\nhours_per_year = 2000\namortisation_years = 3\nsource = "c"\n',
      "local.usd_per_kwh: expected a number from 0")
    c("prediction_efficiency", head + '\n[prediction]\ngemm_efficiency = 1.5\n', "prediction.gemm_efficiency: expected a number from 0.01 to 1")
    c("cpu_framework_negative", head + '\n[cpu_framework]\ndense = -1\n', "cpu_framework.dense: expected a number from 0 to 1")
    c("malformed", head + "[[instance]\n", "malformed TOML")
    c("unknown_table", head + "\n[prices]\nx = 1\n", "prices: unknown field")


def skypilot():
    header = "InstanceType,AcceleratorName,AcceleratorCount,vCPUs,MemoryGiB,Price,SpotPrice,Region\n"
    s = lambda name, text, code, fragment: add("skypilot", name + ".csv", text, code, fragment)
    s("empty", "", 2, "empty CSV")
    s("no_price_column", "InstanceType,AcceleratorName,AcceleratorCount,vCPUs,MemoryGiB,SpotPrice,Region\n", 2, "Price: missing column")
    s("no_region_column", header.replace(",Region", ""), 2, "Region: missing column")
    s("semicolons", header.replace(",", ";"), 2, "missing column")
    s("bad_number", header + "x.large,,,4,16,cheap,,r\n", 2, 'Price: expected a non-negative number, got "cheap"')
    s("negative_price", header + "x.large,,,4,16,-0.2,,r\n", 2, "Price: expected a non-negative number")
    s("nan_price", header + "x.large,,,4,16,nan,,r\n", 2, "Price: expected a non-negative number")
    s("inf_vcpus", header + "x.large,,,inf,16,0.2,,r\n", 2, "vCPUs: expected a non-negative number")
    s("unbalanced_quote", header + 'x.large,"T4,1,4,16,0.5,,r\n', 2, "an unbalanced quote")
    s("number_with_unit", header + "x.large,,,4,16GiB,0.2,,r\n", 2, "MemoryGiB: expected a non-negative number")
    s("bom_header", "\ufeff" + header + "x.large,,,4,16,0.2,,r\n", 0, "x.large")
    for name, row, fragment in [
        ("fractional_vcpus", "e2-micro,,,0.25,1,0.008,,r", "0.25 vCPUs"),
        ("zero_vcpus", "z.large,,,0,16,0.2,,r", "0 vCPUs"),
        ("huge_vcpus", "h.large,,,1e30,16,0.2,,r", "1e+30 vCPUs"),
        ("tiny_memory", "t.large,,,4,0.1,0.2,,r", "0.1 GiB of memory"),
        ("huge_memory", "t.large,,,4,1e12,0.2,,r", "GiB of memory (expected 0.5 to 65536)"),
        ("absurd_price", "p.large,,,4,16,1e30,,r", "an on-demand price of $1e+30/h"),
        ("no_price", "p.large,,,4,16,,,r", "no on-demand price"),
        ("gpu_count_zero", "g.x,T4,0,4,16,0.5,,r", "a GPU count of 0"),
        ("gpu_count_fraction", "g.x,T4,0.5,4,16,0.5,,r", "a GPU count of 0.5"),
        ("gpu_count_huge", "g.x,T4,1000,4,16,0.5,,r", "a GPU count of 1000"),
        ("unknown_gpu", "g.x,Z100,1,4,16,0.5,,r", "unknown GPU Z100"),
        ("control_name", "bad\x01name,,,4,16,0.2,,r", "not printable UTF-8"),
        ("invalid_utf8", "bad\xffname,,,4,16,0.2,,r", "not printable UTF-8"),
        ("empty_region", "x.large,,,4,16,0.2,,", "not printable UTF-8"),
        ("orphan_addon", ",V100,1,,,2.48,0.9,r", "no machine type in the file carries it"),
    ]:
        data = (header + row + "\n").encode("latin-1") if "\xff" in row else header + row + "\n"
        s("row_" + name, data, 0, fragment)


def probe_results():
    base = json.loads((ROOT / "tests" / "data" / "probe-results" / "mlp-mnist.json").read_text())
    p = lambda name, text, fragment: add("probe", name + ".json", text, 2, fragment)

    def edit(name, change, fragment):
        document = json.loads(json.dumps(base))
        change(document)
        p(name, json.dumps(document, indent=1), fragment)

    def setter(*path_and_value):
        *path, value = path_and_value

        def change(document):
            target = document
            for key in path[:-1]:
                target = target[key]
            target[path[-1]] = value
        return change

    cpu = ("machine", "cpu")
    for name, path, value, fragment in [
        ("negative_time", ("probes", 0, "seconds_median"), -1, "probes[0].seconds_median: expected a number"),
        ("zero_time", ("probes", 0, "seconds_median"), 0, "probes[0].seconds_median: expected a number"),
        ("huge_time", ("probes", 0, "seconds_max"), 1e30, "probes[0].seconds_max: expected a number"),
        ("time_text", ("probes", 0, "seconds_min"), "fast", "probes[0].seconds_min: expected a number"),
        ("zero_bandwidth", cpu + ("bandwidth", "bytes_per_s_median"), 0, "machine.cpu.bandwidth.bytes_per_s_median"),
        ("negative_bandwidth", cpu + ("bandwidth", "bytes_per_s_best"), -5, "machine.cpu.bandwidth.bytes_per_s_best"),
        ("zero_peak", cpu + ("peak_flops", "fp32"), 0, "machine.cpu.peak_flops.fp32"),
        ("peak_text", cpu + ("peak_flops", "fp32"), "a lot", "machine.cpu.peak_flops.fp32"),
        ("no_fp32_peak", cpu + ("peak_flops",), {"bf16": 1e11}, "machine.cpu.peak_flops: expected an fp32 entry"),
        ("zero_cores", cpu + ("cores",), 0, "machine.cpu.cores: expected an integer from 1"),
        ("negative_threads", cpu + ("threads",), -2, "machine.cpu.threads: expected an integer from 1"),
        ("fractional_cores", cpu + ("cores",), 1.5, "machine.cpu.cores: expected an integer"),
        ("zero_clock", cpu + ("clock_hz",), 0, "machine.cpu.clock_hz: expected a number"),
        ("negative_dispatch", cpu + ("dispatch_seconds",), -4e-8, "machine.cpu.dispatch_seconds"),
        ("memory_zero", cpu + ("memory_bytes",), 0, "machine.cpu.memory_bytes: expected an integer from 1"),
        ("memory_float", cpu + ("memory_bytes",), 1.5e9, "machine.cpu.memory_bytes: expected an integer"),
        ("status_unknown", ("probes", 1, "status"), "fine", "probes[1].status: expected ok, failed or skipped"),
        ("dtype_unknown", ("probes", 0, "dtype"), "int8", "probes[0].dtype: expected fp32"),
        ("shape_zero", ("probes", 0, "m"), 0, "probes[0].m: expected an integer from 1"),
        ("shape_negative", ("probes", 0, "k"), -64, "probes[0].k: expected an integer from 1"),
        ("layout_text", ("probes", 0, "a_transposed"), "no", "probes[0].a_transposed: expected true or false"),
        ("verified_number", ("probes", 0, "verified"), 1, "probes[0].verified: expected true or false"),
        ("scale_zero", ("probes", 0, "scale"), 0, "probes[0].scale: expected a number"),
        ("samples_negative", ("probes", 0, "samples"), -3, "probes[0].samples: expected an integer from 0"),
        ("schema_two", ("schema",), 2, "schema: expected 1"),
        ("cpu_array", cpu, [], "machine.cpu: expected an object, got an array"),
        ("probes_object", ("probes",), {}, "probes: expected an array"),
        ("probe_number", ("probes", 0), 3, "probes[0]: expected an object"),
        ("reference_missing_probed", cpu + ("reference_gemm", "probed"), None, "machine.cpu.reference_gemm.probed: expected an object"),
    ]:
        edit(name, setter(*path, value), fragment)
    edit("no_machine", lambda d: d.pop("machine"), "machine: missing")
    edit("no_probes", lambda d: d.pop("probes"), "probes: missing")
    edit("no_bandwidth", lambda d: d["machine"]["cpu"].pop("bandwidth"), "machine.cpu.bandwidth: missing")
    edit("unordered_times", setter("probes", 0, "seconds_min", 1.0), "expected seconds_min <= seconds_median <= seconds_max")
    p("not_json", "machine: cpu\n", "not JSON")
    p("empty", "", "not JSON")
    p("truncated", json.dumps(base)[:500], "not JSON")
    p("array", "[]", "the document: expected an object")
    p("number", "42", "the document: expected an object")
    p("number_overflow", '{"machine": {"cpu": {"clock_hz": 3.3e6843}}}', "a number too large to read")


def main():
    models()
    catalogs()
    skypilot()
    probe_results()
    lines = ["# file\tkind\texit\tmessage fragment (written by make_corpus.py)"]
    lines += [f"{file}\t{kind}\t{code}\t{fragment}" for file, kind, code, fragment in ENTRIES]
    (HERE / "expected.tsv").write_text("\n".join(lines) + "\n")
    print(f"{len(ENTRIES)} entries")


if __name__ == "__main__":
    main()
