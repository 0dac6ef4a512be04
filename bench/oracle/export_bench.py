"""Warm torch.export.export times of the benchmark models in the oracle's PyTorch (2.6), on this
machine, to set next to pt2js's bench/bundle/export.mjs. Not run in CI. Run:

    /work/shared/tools/torch-oracle/run.sh bench/oracle/export_bench.py bench/oracle/models.py [--gpt2] [--reps=N]

Prints one JSON line per model: median/min warm export seconds, first export, node count.
"""
import json
import os
import statistics
import sys
import time

import torch
from torch.export import Dim, export

from models import CNN, MLP, TinyGPT, resnet18, resnet50

args = [a for a in sys.argv[1:] if not a.endswith(".py")]
reps = int(next((a[7:] for a in args if a.startswith("--reps=")), "7"))
only = [a for a in args if not a.startswith("--")]
torch.manual_seed(0)


def batch():
    return Dim("batch", min=1, max=1024)


CASES = [
    ("zoo/mlp_dynamic_batch", lambda: MLP().eval(), lambda: (torch.randn(8, 16),), lambda: {"x": {0: batch()}}),
    ("zoo/cnn_eval_dynamic_batch", lambda: CNN().eval(), lambda: (torch.randn(2, 3, 16, 16),), lambda: {"x": {0: batch()}}),
    ("zoo/tinygpt_dynamic", lambda: TinyGPT().eval(), lambda: (torch.randint(0, 128, (2, 16)),),
     lambda: {"idx": {0: batch(), 1: Dim("seq", min=1, max=64)}}),
    ("big/resnet18_dynamic_batch", lambda: resnet18().eval(), lambda: (torch.randn(2, 3, 64, 64),),
     lambda: {"x": {0: Dim("batch", min=1, max=512)}}),
    ("big/resnet50_dynamic_batch", lambda: resnet50().eval(), lambda: (torch.randn(2, 3, 64, 64),),
     lambda: {"x": {0: Dim("batch", min=1, max=512)}}),
    ("big/resnet50_static", lambda: resnet50().eval(), lambda: (torch.randn(1, 3, 64, 64),), lambda: None),
    ("gpt2_small_sized_tinygpt_dynamic_seq", lambda: TinyGPT(50257, 768, 12, 12, 1024).eval(),
     lambda: (torch.randint(0, 50257, (1, 16)),), lambda: {"idx": {1: Dim("seq", min=2, max=1024)}}),
]

print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "cpus": os.cpu_count(),
                  "loadavg": os.getloadavg()}), flush=True)
for name, make, inputs, shapes in CASES:
    if only and not any(w in name for w in only):
        continue
    if name.startswith("gpt2") and "--gpt2" not in args and not only:
        continue
    model, xs = make(), inputs()
    t0 = time.perf_counter()
    ep = export(model, xs, dynamic_shapes=shapes())
    first = time.perf_counter() - t0
    n = min(reps, 3) if name.startswith(("gpt2", "big/resnet50")) else reps
    ts = []
    for _ in range(n):
        t0 = time.perf_counter()
        export(model, xs, dynamic_shapes=shapes())
        ts.append(time.perf_counter() - t0)
    nodes = len(ep.graph.nodes)
    print(json.dumps({"case": name, "median_s": statistics.median(ts), "min_s": min(ts), "first_s": first, "reps": n,
                      "nodes": nodes, "us_per_node": statistics.median(ts) / nodes * 1e6, "loadavg": os.getloadavg()}), flush=True)
