"""Not part of CI: loads every archive tools/torch-check/prepare.ts wrote with PyTorch's own
torch.export.load, prints whether it loaded, whether print(ep) equals pt2js's printed program (comment
lines aside; only meaningful on PyTorch 2.11, the version pt2js reproduces) and whether ep.module()
computes pt2js's outputs on the same inputs.

usage: python3 tools/torch-check/check.py DIR
       ../shared/tools/torch-oracle/run.sh tools/torch-check/check.py DIR   (PyTorch 2.6, this machine)
"""
import json
import os
import sys

import torch


def load(path):
    # PyTorch before 2.9 cannot read the 2.9+ archive layout; the torch-oracle's load_pt2.py (which its
    # run.sh puts beside this script) reads it through the JSON deserializer instead.
    if tuple(int(p) for p in torch.__version__.split(".")[:2]) < (2, 9):
        import load_pt2

        return load_pt2.load(path)
    return torch.export.load(path)


def strip(text):
    return "\n".join(l for l in text.split("\n") if not l.strip().startswith("#"))


def main(root):
    cases = json.load(open(os.path.join(root, "manifest.json")))
    loaded = printed = same = ran = 0
    print("torch", torch.__version__)
    for c in cases:
        try:
            ep = load(os.path.join(root, c["archive"]))
        except Exception as e:  # noqa: BLE001 - report every failure and go on
            print(f"LOAD-FAIL {c['name']}: {type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}")
            continue
        loaded += 1
        text_ok = strip(str(ep)) == strip(c["printed"])
        printed += text_ok
        verdict = "printed-equal" if text_ok else "printed-differs"
        if c["inputs"] is not None and (c["outputs"] is not None or c["error"] is not None):
            args = [torch.tensor(i["data"], dtype=getattr(torch, i["dtype"])).reshape(i["shape"]) for i in c["inputs"]]
            ran += 1
            try:
                out = ep.module()(*args)
                leaves = torch.utils._pytree.tree_leaves(out)
                theirs = [o.detach().reshape(-1).double().tolist() if isinstance(o, torch.Tensor) else [float(o)] for o in leaves]
                ok = c["outputs"] is not None and len(theirs) == len(c["outputs"]) and all(
                    len(a) == len(b) and all(abs(x - y) <= 1e-4 * (1 + abs(x)) for x, y in zip(a, b))
                    for a, b in zip(theirs, c["outputs"]))
            except Exception as e:  # noqa: BLE001
                ok = c["error"] is not None
                verdict += f" ({type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''})"
            same += ok
            verdict += " outputs-same" if ok else " outputs-DIFFER"
        print(f"{verdict:16} {c['name']}")
    print(f"\n{loaded} / {len(cases)} loaded; print(ep) equal for {printed}; outputs same for {same} / {ran} run")


if __name__ == "__main__":
    main(sys.argv[1])
