# PyTorch's ExportDB examples exported and decomposed by PyTorch (run in the 2.6 oracle:
# /work/shared/tools/torch-oracle/run.sh tools/torch-oracle-decomp/exportdb_cases.py). Prints JSON:
# case -> {exported, decomposed} graph code (the text before "Graph signature"), or error.
import json
import torch
from torch._export.db.examples import all_examples

out = {"torch": torch.__version__, "cases": {}}
for name, case in sorted(all_examples().items()):
    r = {}
    try:
        ep = torch.export.export(case.model, case.example_args, case.example_kwargs, dynamic_shapes=case.dynamic_shapes, strict=False)
        r["exported"] = str(ep).split("Graph signature")[0]
        r["decomposed"] = str(ep.run_decompositions()).split("Graph signature")[0]
    except Exception as e:
        r["error"] = f"{type(e).__name__}: {str(e)[:300]}"
    out["cases"][name] = r
print(json.dumps(out, indent=1))
