# Generates the per-layer dynamic-export reference (test/fixtures/dynamic_layers/torch-2.6.json) with
# the PyTorch 2.6 oracle: every case of cases.json exported with every input dim Dim.AUTO, then with
# each dim alone Dim.DYNAMIC. Run: ../shared/tools/torch-oracle/run.sh tools/dynamic-layers/gen_reference.py tools/dynamic-layers/cases.json > out.json
import json, sys, re
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.export import Dim

torch.manual_seed(0)
cases = json.load(open(sys.argv[1]))


def make_inputs(specs):
    out = []
    for s in specs:
        shape = [d for d in s if isinstance(d, int)]
        if "long" in s:
            out.append(torch.zeros(shape, dtype=torch.long))
        else:
            out.append(torch.randn(shape))
    return out


def build(case):
    n = len(case["inputs"])
    if "module" in case:
        m = getattr(nn, case["module"])(*case.get("ctor", []), **case.get("ctor_kwargs", {}))
        call = case.get("call", "all")

        def body(self, xs):
            if call == "self_attention":
                return self.m(xs[0], xs[0], xs[0])[0]
            out = self.m(*xs)
            return out[0] if call == "first" else out
    else:
        fn = getattr(F, case["fn"])
        args, kwargs = case.get("args", []), case.get("kwargs", {})
        m = None

        def body(self, xs):
            a = [xs[int(v[1:])] if isinstance(v, str) and v.startswith("$") else v for v in args]
            return fn(*a, **kwargs)

    # forward(self, x0, x1, ...) with exactly n named parameters
    names = ", ".join(f"x{i}" for i in range(n))
    ns = {}
    exec(f"def forward(self, {names}):\n    return self._body([{names}])", ns)
    cls = type("Case", (nn.Module,), {"forward": ns["forward"], "_body": body})
    w = cls()
    if m is not None:
        w.m = m
    if case.get("eval"):
        w.eval()
    return w


def static(d):
    """The int of a static dim (a placeholder's SymInt may hold a number after specialization), else None."""
    if isinstance(d, int):
        return d
    e = d.node.expr
    return int(e) if e.is_number else None


def pattern(shape):
    return [static(d) if static(d) is not None else "S" for d in shape]


def err(e):
    msg = str(e)
    if "Constraints violated" in msg or "specialized" in msg:
        return "error:constraint"
    return "error:" + type(e).__name__


def summarize(ep, n):
    phs = [nd for nd in ep.graph.nodes if nd.op == "placeholder"][-n:]
    inputs, ranges = [], []
    for p in phs:
        shape = list(p.meta["val"].shape)
        inputs.append(pattern(shape))
        r = []
        for d in shape:
            if static(d) is not None:
                r.append(None)
            else:
                rc = {str(k): v for k, v in ep.range_constraints.items()}
                vr = rc.get(str(d.node.expr))
                if vr is None:
                    r.append("missing:" + str(d.node.expr) + " in " + str(sorted(rc)))
                    continue
                up = vr.upper
                r.append([int(vr.lower), "inf" if str(up) in ("int_oo", "oo") else int(up)])
        ranges.append(r)
    out_node = [nd for nd in ep.graph.nodes if nd.op == "output"][0]
    outs = []
    for o in out_node.args[0]:
        v = o.meta.get("val") if hasattr(o, "meta") else None
        outs.append(pattern(list(v.shape)) if isinstance(v, torch.Tensor) else str(v))
    ops = [str(nd.target) for nd in ep.graph.nodes if nd.op == "call_function"]
    return {"status": "ok", "inputs": inputs, "ranges": ranges, "outputs": outs, "ops": ops}


result = {"torch": torch.__version__, "cases": {}}
for case in cases:
    xs = make_inputs(case["inputs"])
    names = [f"x{i}" for i in range(len(xs))]
    entry = {}
    try:
        ds = {nm: {i: Dim.AUTO for i in range(x.dim())} for nm, x in zip(names, xs)}
        ep = torch.export.export(build(case), tuple(xs), dynamic_shapes=ds, strict=False)
        entry["auto"] = summarize(ep, len(xs))
    except Exception as e:  # noqa: BLE001
        entry["auto"] = {"status": err(e), "message": str(e).splitlines()[0][:200] if str(e) else ""}
    dyn = {}
    for k, x in enumerate(xs):
        for i in range(x.dim()):
            ds = {nm: None for nm in names}
            ds[names[k]] = {i: Dim.DYNAMIC}
            try:
                ep = torch.export.export(build(case), tuple(xs), dynamic_shapes=ds, strict=False)
                ph = [nd for nd in ep.graph.nodes if nd.op == "placeholder"][-len(xs):][k]
                dyn[f"x{k}.{i}"] = "dynamic" if static(ph.meta["val"].shape[i]) is None else "static"
            except Exception as e:  # noqa: BLE001
                dyn[f"x{k}.{i}"] = err(e)
    entry["dynamic"] = dyn
    result["cases"][case["name"]] = entry
    print(case["name"], entry["auto"]["status"], file=sys.stderr)

print("@@JSON@@")
json.dump(result, sys.stdout, indent=1, sort_keys=True)
