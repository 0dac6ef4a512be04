// A .pt2 archive's weights and tensor constants as pt2js tensors, keyed by fully qualified name:
// the state dict of the exported module (plus its constants), ready for Module.load_state_dict.
import type { Tensor } from "../tensor/tensor.js";
import type { Pt2Model } from "../serde/archive/reader.js";
import type { Payload } from "../serde/archive/payload.js";
import { tensorFromBytes } from "./tensor_bytes.js";

function toTensor(p: Payload): Tensor | null {
  if (p.kind !== "tensor") return null;
  return tensorFromBytes(p.bytes, p.dtypeName, p.sizes, p.strides, p.storageOffset);
}

/** Parameters and persistent buffers (`model.weights`), in the archive's order. */
export function weightsFromPt2(model: Pt2Model): Map<string, Tensor> {
  const out = new Map<string, Tensor>();
  for (const [fqn, p] of model.weights) {
    const t = toTensor(p);
    if (t !== null) out.set(fqn, t);
  }
  return out;
}

/** Lifted tensor constants and non-persistent buffers (`model.constants`); opaque payloads are skipped. */
export function constantsFromPt2(model: Pt2Model): Map<string, Tensor> {
  const out = new Map<string, Tensor>();
  for (const [fqn, p] of model.constants) {
    const t = toTensor(p);
    if (t !== null) out.set(fqn, t);
  }
  return out;
}
