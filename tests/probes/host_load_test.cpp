// Other work while probing: the machine's busy CPU time from /proc/stat, less our own.

#include <sys/wait.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <ctime>
#include <thread>

#include "probes/host_load.hpp"

using namespace advise;

namespace {

double cpu_seconds(clockid_t clock) {
  timespec t{};
  clock_gettime(clock, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

// Spins until `clock` has counted `seconds` of CPU time: the same work however loaded the machine is.
void spin_for_cpu_time(clockid_t clock, double seconds) {
  const double start = cpu_seconds(clock);
  volatile unsigned sink = 0;
  while (cpu_seconds(clock) - start < seconds) {
    for (int i = 0; i < 100000; ++i) sink = sink + static_cast<unsigned>(i);
  }
}

CpuTimeSample sample(double machine_busy_s, double own_s, double at_s) {
  return {machine_busy_s, own_s,
          std::chrono::steady_clock::time_point(std::chrono::duration_cast<std::chrono::steady_clock::duration>(
              std::chrono::duration<double>(at_s)))};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(host_load)

BOOST_AUTO_TEST_CASE(busy_time_counts_every_kind_but_idle_and_io_wait) {
  // user nice system idle iowait irq softirq steal guest guest_nice, in ticks of 1/100 s
  const std::string text = "cpu  100 5 50 1000 20 3 2 10 7 0\ncpu0 50 2 25 500 10 1 1 5 3 0\nintr 1 2 3\n";
  const auto busy = machine_busy_seconds(text, 100);
  BOOST_REQUIRE(busy.has_value());
  BOOST_TEST(*busy == 1.70, boost::test_tools::tolerance(1e-12));  // guest is inside user already
  BOOST_TEST(*machine_busy_seconds("cpu  100 0 0 50 0 0 0\n", 100) == 1.0);  // an old kernel: no steal column
  BOOST_TEST(!machine_busy_seconds("intr 1 2 3\n", 100).has_value());
  BOOST_TEST(!machine_busy_seconds("cpu  100 five\n", 100).has_value());
  BOOST_TEST(!machine_busy_seconds(text, 0).has_value());
}

BOOST_AUTO_TEST_CASE(other_cores_are_the_machines_busy_time_less_our_own_per_second) {
  BOOST_TEST(other_cores_between(sample(10, 1, 0), sample(13, 2, 2)) == 1.0);  // 3 s busy, 1 s ours, over 2 s
  BOOST_TEST(other_cores_between(sample(10, 1, 0), sample(11, 2.2, 2)) == 0.0);  // counters' rounding: never below 0
  BOOST_TEST(other_cores_between(sample(10, 1, 5), sample(20, 1, 5)) == 0.0);  // no time passed: nothing to say
}

BOOST_AUTO_TEST_CASE(another_process_counts_and_our_own_threads_do_not) {
  const auto start = sample_cpu_time();
  if (!start) {
    BOOST_TEST_MESSAGE("no /proc/stat here: nothing to check");
    return;
  }
  // Our own thread's work is ours, whatever the machine.
  std::thread ours([] { spin_for_cpu_time(CLOCK_THREAD_CPUTIME_ID, 0.3); });
  ours.join();
  const auto after_ours = sample_cpu_time();
  BOOST_REQUIRE(after_ours.has_value());
  BOOST_TEST(after_ours->own_s - start->own_s >= 0.29);
  // A child process's work is another's: at least the CPU time it spent (ticks of 10 ms, so a little less).
  const pid_t child = fork();
  BOOST_REQUIRE(child >= 0);
  if (child == 0) {
    spin_for_cpu_time(CLOCK_PROCESS_CPUTIME_ID, 0.5);
    _exit(0);
  }
  int status = 0;
  waitpid(child, &status, 0);
  const auto after_child = sample_cpu_time();
  BOOST_REQUIRE(after_child.has_value());
  const double wall_s = std::chrono::duration<double>(after_child->at - after_ours->at).count();
  BOOST_TEST(other_cores_between(*after_ours, *after_child) * wall_s >= 0.45);
}

BOOST_AUTO_TEST_SUITE_END()
