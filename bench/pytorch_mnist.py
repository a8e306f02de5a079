"""Train the paper's MNIST network with PyTorch, as the reference side of bench/compare-pytorch.

The network, data split, initialisation, cost, L1 activation penalty and SGD settings match
`rectifier train`: 784-1000-1000-1000-10 rectifier units, Glorot uniform hidden weights, zero
biases and a zero output layer, mean softmax NLL plus lambda * sum |h| averaged over the batch,
constant learning rate, no momentum. Prints one JSON object per epoch on standard output.
"""

import argparse
import json
import math
import pathlib
import time

import numpy as np
import torch


def read_idx(path: pathlib.Path, offset: int) -> np.ndarray:
    return np.frombuffer(path.read_bytes(), dtype=np.uint8, offset=offset)


def load_mnist(directory: pathlib.Path):
    images = read_idx(directory / "train-images-idx3-ubyte", 16).reshape(-1, 784)
    labels = read_idx(directory / "train-labels-idx1-ubyte", 8)
    test_images = read_idx(directory / "t10k-images-idx3-ubyte", 16).reshape(-1, 784)
    test_labels = read_idx(directory / "t10k-labels-idx1-ubyte", 8)
    to_tensor = lambda x: torch.from_numpy(x.astype(np.float32) / 255.0)
    return (to_tensor(images[:50000]), torch.from_numpy(labels[:50000].astype(np.int64)),
            to_tensor(test_images), torch.from_numpy(test_labels.astype(np.int64)))


def build_network(hidden_sizes, seed: int) -> torch.nn.ModuleList:
    torch.manual_seed(seed)
    sizes = [784] + hidden_sizes
    layers = torch.nn.ModuleList()
    for fan_in, fan_out in zip(sizes, sizes[1:]):
        layer = torch.nn.Linear(fan_in, fan_out)
        limit = math.sqrt(6.0 / (fan_in + fan_out))
        torch.nn.init.uniform_(layer.weight, -limit, limit)
        torch.nn.init.zeros_(layer.bias)
        layers.append(layer)
    output = torch.nn.Linear(sizes[-1], 10)
    torch.nn.init.zeros_(output.weight)
    torch.nn.init.zeros_(output.bias)
    layers.append(output)
    return layers


def forward(layers, x):
    activations = []
    for layer in layers[:-1]:
        x = torch.relu(layer(x))
        activations.append(x)
    return layers[-1](x), activations


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data-dir", type=pathlib.Path, required=True,
                        help="folder with the four uncompressed MNIST IDX files")
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=10)
    parser.add_argument("--lr", type=float, default=0.05)
    parser.add_argument("--l1", type=float, default=1e-4)
    parser.add_argument("--hidden", default="1000,1000,1000")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    train_x, train_y, test_x, test_y = load_mnist(args.data_dir)
    layers = build_network([int(size) for size in args.hidden.split(",")], args.seed)
    optimiser = torch.optim.SGD(layers.parameters(), lr=args.lr)
    generator = torch.Generator().manual_seed(args.seed)
    for epoch in range(1, args.epochs + 1):
        order = torch.randperm(train_x.shape[0], generator=generator)
        start = time.perf_counter()
        for first in range(0, train_x.shape[0], args.batch_size):
            batch = order[first:first + args.batch_size]
            logits, activations = forward(layers, train_x[batch])
            loss = torch.nn.functional.cross_entropy(logits, train_y[batch])
            if args.l1 > 0:
                loss = loss + args.l1 * sum(h.abs().sum() for h in activations) / len(batch)
            optimiser.zero_grad(set_to_none=True)
            loss.backward()
            optimiser.step()
        seconds = time.perf_counter() - start
        with torch.no_grad():
            logits, activations = forward(layers, test_x)
            test_error = (logits.argmax(dim=1) != test_y).float().mean().item()
            sparsity = [(h == 0).float().mean().item() for h in activations]
        print(json.dumps({"epoch": epoch, "epochSeconds": seconds, "testError": test_error,
                          "hiddenSparsityPerLayer": sparsity, "threads": torch.get_num_threads()}), flush=True)


if __name__ == "__main__":
    main()
