"""Time the three products of a 1000-unit hidden layer with PyTorch's matmul.

PyTorch's CPU matmul calls OpenBLAS sgemm when Debian's libblas.so.3 is OpenBLAS, so these
figures are the OpenBLAS yardstick for Rectifier's dense kernels (KernelBenchmark with
kernels=dense). Threads follow OPENBLAS_NUM_THREADS. Prints one line per product and batch size.
"""

import time

import torch


def best_seconds(function, repeats: int) -> float:
    for _ in range(3):
        function()
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(repeats):
            function()
        best = min(best, (time.perf_counter() - start) / repeats)
    return best


def main() -> None:
    torch.manual_seed(0)
    units = 1000
    weights = torch.randn(units, units)
    for batch in (10, 128):
        inputs = torch.randn(batch, units)
        deltas = torch.randn(batch, units)
        repeats = 200 if batch == 10 else 30
        products = {
            "forward x·W": lambda: inputs @ weights,
            "backward δ·Wᵀ": lambda: deltas @ weights.T,
            "weight gradient xᵀ·δ": lambda: inputs.T @ deltas,
        }
        for name, product in products.items():
            seconds = best_seconds(product, repeats)
            gflops = 2 * batch * units * units / seconds / 1e9
            print(f"batch {batch:4d}  {name:22s} {seconds * 1e6:9.1f} us  {gflops:6.1f} GFLOP/s", flush=True)


if __name__ == "__main__":
    main()
