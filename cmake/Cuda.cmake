# CUDA is optional: detected, never required. Architectures are pinned (never
# "native", which fails to configure on a machine without a GPU).
include(CheckLanguage)
check_language(CUDA)
set(_advise_cuda_default OFF)
if(CMAKE_CUDA_COMPILER)
  set(_advise_cuda_default ON)
endif()
option(ADVISE_ENABLE_CUDA "Build the CUDA kernels and the GPU backend module" ${_advise_cuda_default})

if(ADVISE_ENABLE_CUDA)
  if(NOT CMAKE_CUDA_ARCHITECTURES)
    # Ampere and Hopper; nvcc 13 no longer accepts anything older than 75.
    set(CMAKE_CUDA_ARCHITECTURES 80 90)
  endif()
  # One copy of cudart: the shared one, which the GPU module links.
  set(CMAKE_CUDA_RUNTIME_LIBRARY Shared)
  enable_language(CUDA)
  set(CMAKE_CUDA_STANDARD 17)
  set(CMAKE_CUDA_STANDARD_REQUIRED ON)
  find_package(CUDAToolkit REQUIRED)
  message(STATUS "advise: CUDA enabled (architectures ${CMAKE_CUDA_ARCHITECTURES})")
else()
  message(STATUS "advise: CUDA disabled (no nvcc found or ADVISE_ENABLE_CUDA=OFF)")
endif()
