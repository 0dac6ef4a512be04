"""torch.export.save / torch.export.load of a ResNet-50-sized program (~100 MB of float32 weights)
in the oracle's PyTorch (2.6), on this machine: seconds and MB/s, to set next to pt2js's
bench/bundle/serde.mjs. Not run in CI. Run:

    /work/shared/tools/torch-oracle/run.sh bench/oracle/serde_bench.py bench/oracle/models.py [--reps=N]
"""
import io
import json
import os
import statistics
import sys
import tempfile
import time

import torch
from torch.export import export

from models import resnet50

reps = int(next((a[7:] for a in sys.argv[1:] if a.startswith("--reps=")), "5"))
torch.manual_seed(0)
ep = export(resnet50().eval(), (torch.randn(1, 3, 64, 64),))
weights = sum(t.numel() * t.element_size() for t in ep.state_dict.values())

res = {"torch": torch.__version__, "weights_bytes": weights, "loadavg": os.getloadavg()}
with tempfile.TemporaryDirectory() as d:
    path = os.path.join(d, "resnet50.pt2")
    save_file, load_file, save_buf, load_buf = [], [], [], []
    for _ in range(reps):
        t0 = time.perf_counter()
        torch.export.save(ep, path)
        save_file.append(time.perf_counter() - t0)
        size = os.path.getsize(path)
        t0 = time.perf_counter()
        torch.export.load(path)
        load_file.append(time.perf_counter() - t0)
        buf = io.BytesIO()
        t0 = time.perf_counter()
        torch.export.save(ep, buf)
        save_buf.append(time.perf_counter() - t0)
        buf.seek(0)
        t0 = time.perf_counter()
        torch.export.load(buf)
        load_buf.append(time.perf_counter() - t0)
mb = size / 1e6
for key, ts in (("save_file", save_file), ("load_file", load_file), ("save_bytesio", save_buf), ("load_bytesio", load_buf)):
    med = statistics.median(ts)
    res[key] = {"median_s": med, "min_s": min(ts), "MB_per_s": mb / med}
res["archive_bytes"] = size
res["loadavg_end"] = os.getloadavg()
print(json.dumps(res), flush=True)
