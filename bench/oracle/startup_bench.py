"""Start-up next to pt2js's bench/startup.mjs: a whole python process that imports torch, and one
that also exports the MLP with a dynamic batch (as summary.json's cold_process_import_and_export_mlp_s
does), in the oracle's PyTorch (2.6) on this machine. Not run in CI. Run:

    /work/shared/tools/torch-oracle/run.sh bench/oracle/startup_bench.py [--runs=N]
"""
import json
import os
import statistics
import subprocess
import sys
import time

runs = int(next((a[7:] for a in sys.argv[1:] if a.startswith("--runs=")), "5"))
progs = {
    "python -c pass": "pass",
    "import torch": "import torch",
    "import torch + export MLP (dynamic batch) + print": (
        "import torch\nfrom torch.export import export, Dim\n"
        "class MLP(torch.nn.Module):\n"
        "    def __init__(self):\n        super().__init__(); self.fc1 = torch.nn.Linear(16, 32); self.fc2 = torch.nn.Linear(32, 4)\n"
        "    def forward(self, x):\n        return self.fc2(torch.relu(self.fc1(x)))\n"
        "ep = export(MLP().eval(), (torch.randn(8, 16),), dynamic_shapes={'x': {0: Dim('batch', min=1, max=1024)}})\n"
        "print(len(str(ep)))\n"),
}
res = {"loadavg": os.getloadavg()}
subprocess.run([sys.executable, "-c", "import torch"], check=True, capture_output=True)  # warm the page cache
times = {name: [] for name in progs}
for _ in range(runs):  # interleaved, so load changes hit every case alike
    for name, prog in progs.items():
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", prog], check=True, capture_output=True)
        times[name].append(time.perf_counter() - t0)
for name, ts in times.items():
    res[name] = {"median_s": statistics.median(ts), "min_s": min(ts), "runs": runs}
res["loadavg_end"] = os.getloadavg()
print(json.dumps(res), flush=True)
