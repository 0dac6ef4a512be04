// nn.RNN, nn.GRU, nn.LSTM, nn.RNNCell, nn.GRUCell, nn.LSTMCell (torch/nn/modules/rnn.py): parameters
// named and ordered as PyTorch's, uniform(-1/sqrt(hidden), 1/sqrt(hidden)) initialization. LSTM
// without projections runs aten.lstm and GRUCell aten.gru_cell (as PyTorch's forward calls them);
// the others compose the recurrence from linear/sigmoid/tanh per time step (the numbers of
// PyTorch's cells, not its fused aten.rnn_tanh / aten.gru ops, which pt2js does not implement).
import { Tensor } from "../../tensor/tensor.js";
import { empty, zeros } from "../../tensor/factories.js";
import { Module } from "../module.js";
import { Parameter } from "../parameter.js";
import { TorchRuntimeError, TorchTypeError, TorchValueError } from "../errors.js";
import * as init from "../init.js";
import * as T from "../../ops/functional.js";
import * as F from "../functional.js";
import { pyBool, pyFloat } from "./utils.js";
import { guardSize, sizeNe } from "../../symbolic/size.js";
import { bindCtor, bindRNN, factoryKwargs, type CtorArgs, type CtorKwargs, type RNNCtorArgs } from "./ctor.js";

function resetUniform(m: Module, hidden: number): void {
  const stdv = hidden > 0 ? 1.0 / Math.sqrt(hidden) : 0;
  for (const w of m.parameters()) init.uniform_(w, -stdv, stdv);
}

type Mode = "RNN_TANH" | "RNN_RELU" | "LSTM" | "GRU";
const GATES: Record<Mode, number> = { RNN_TANH: 1, RNN_RELU: 1, LSTM: 4, GRU: 3 };

/** One step of PyTorch's cells: [h'] or, for LSTM, [h', c']. */
function cellStep(mode: Mode, x: Tensor, h: Tensor, c: Tensor | null, w_ih: Tensor, w_hh: Tensor, b_ih: Tensor | null, b_hh: Tensor | null,
  w_hr: Tensor | null = null): [Tensor, Tensor | null] {
  if (mode === "GRU") return [T.gru_cell(x, h, w_ih, w_hh, b_ih, b_hh), null];
  const pre: Tensor = T.add(T.linear(x, w_ih, b_ih), T.linear(h, w_hh, b_hh));
  if (mode === "RNN_TANH") return [T.tanh(pre), null];
  if (mode === "RNN_RELU") return [T.relu(pre), null];
  const [i, f, g, o] = T.chunk(pre, 4, 1) as Tensor[];
  const c2: Tensor = T.add(T.mul(T.sigmoid(f!), c!), T.mul(T.sigmoid(i!), T.tanh(g!)));
  let h2: Tensor = T.mul(T.sigmoid(o!), T.tanh(c2));
  if (w_hr !== null) h2 = T.linear(h2, w_hr);
  return [h2, c2];
}

/** RNNBase: the stacked, optionally bidirectional recurrence shared by RNN, GRU and LSTM. */
export abstract class RNNBase extends Module {
  readonly mode: Mode;
  readonly input_size: number;
  readonly hidden_size: number;
  readonly num_layers: number;
  readonly bias: boolean;
  readonly batch_first: boolean;
  readonly dropout: number;
  readonly bidirectional: boolean;
  readonly proj_size: number;
  /** Parameter names in aten's flat order: weight_ih_l0, weight_hh_l0, bias_ih_l0, bias_hh_l0, (weight_hr_l0), ... */
  readonly _flat_weights_names: string[] = [];

  constructor(mode: Mode, values: unknown[]) {
    super();
    const [input_size, hidden_size, num_layers, bias, batch_first, dropout, bidirectional, proj_size, device, dtype] =
      values as [number, number, number, boolean, boolean, number, boolean, number, unknown, unknown];
    this.mode = mode;
    this.input_size = input_size;
    this.hidden_size = hidden_size;
    this.num_layers = num_layers;
    this.bias = bias;
    this.batch_first = batch_first;
    this.dropout = Number(dropout);
    this.bidirectional = bidirectional;
    this.proj_size = proj_size;
    if (!(this.dropout >= 0 && this.dropout <= 1)) {
      throw new TorchValueError("dropout should be a number in range [0, 1] representing the probability of an element being zeroed");
    }
    if (!Number.isInteger(hidden_size)) throw new TorchTypeError(`hidden_size should be of type int, got: ${typeof hidden_size}`);
    if (hidden_size <= 0) throw new TorchValueError("hidden_size must be greater than zero");
    if (num_layers <= 0) throw new TorchValueError("num_layers must be greater than zero");
    if (proj_size < 0) throw new TorchValueError("proj_size should be a positive integer or zero to disable projections");
    if (proj_size >= hidden_size) throw new TorchValueError("proj_size has to be smaller than hidden_size");
    if (proj_size !== 0 && mode !== "LSTM") throw new TorchValueError("proj_size argument is only supported for LSTM, not RNN or GRU");
    const dirs = bidirectional ? 2 : 1;
    const gate = GATES[mode] * hidden_size;
    const real = proj_size > 0 ? proj_size : hidden_size;
    const fk = factoryKwargs(device, dtype);
    for (let layer = 0; layer < num_layers; layer++) {
      for (let d = 0; d < dirs; d++) {
        const inSize = layer === 0 ? input_size : real * dirs;
        const sfx = `_l${layer}${d === 1 ? "_reverse" : ""}`;
        const params: [string, number[]][] = [[`weight_ih${sfx}`, [gate, inSize]], [`weight_hh${sfx}`, [gate, real]]];
        if (bias) params.push([`bias_ih${sfx}`, [gate]], [`bias_hh${sfx}`, [gate]]);
        if (proj_size > 0) params.push([`weight_hr${sfx}`, [proj_size, hidden_size]]);
        for (const [name, shape] of params) {
          this.register_parameter(name, new Parameter(empty(shape, fk)));
          this._flat_weights_names.push(name);
        }
      }
    }
    this.reset_parameters();
  }
  reset_parameters(): void {
    resetUniform(this, this.hidden_size);
  }
  get _flat_weights(): Tensor[] {
    return this._flat_weights_names.map((n) => this._parameters.get(n)!);
  }
  override extra_repr(): string {
    let s = `${this.input_size}, ${this.hidden_size}`;
    if (this.proj_size !== 0) s += `, proj_size=${this.proj_size}`;
    if (this.num_layers !== 1) s += `, num_layers=${this.num_layers}`;
    if (this.bias !== true) s += `, bias=${pyBool(this.bias)}`;
    if (this.batch_first !== false) s += `, batch_first=${pyBool(this.batch_first)}`;
    if (this.dropout !== 0) s += `, dropout=${pyFloat(this.dropout)}`;
    if (this.bidirectional !== false) s += `, bidirectional=${pyBool(this.bidirectional)}`;
    return s;
  }

  checkInput(input: Tensor, name: string): boolean {
    if (input.ndim !== 2 && input.ndim !== 3) throw new TorchValueError(`${name}: Expected input to be 2D or 3D, got ${input.ndim}D instead`);
    if (sizeNe(input.size(-1), this.input_size)) { // a guard, as Python's `!=` on a SymInt
      throw new TorchRuntimeError(`input.size(-1) must be equal to input_size. Expected ${this.input_size}, got ${String(input.size(-1))}`);
    }
    return input.ndim === 3;
  }

  /**
   * The recurrence over (seq, batch, feature) input: per layer and direction, one cell step per
   * time step; between layers dropout in training. h0 / c0: (layers·dirs, batch, ·).
   */
  recur(x: Tensor, h0: Tensor, c0: Tensor | null): [Tensor, Tensor, Tensor | null] {
    const dirs = this.bidirectional ? 2 : 1;
    const steps = guardSize(x.size(0)); // the time loop specializes the sequence length, as PyTorch's rnn decompositions do
    const hn: Tensor[] = [];
    const cn: Tensor[] = [];
    const p = (name: string) => (this._parameters.get(name) ?? null) as Tensor | null;
    let layerInput = x;
    for (let layer = 0; layer < this.num_layers; layer++) {
      const outs: Tensor[] = [];
      for (let d = 0; d < dirs; d++) {
        const sfx = `_l${layer}${d === 1 ? "_reverse" : ""}`;
        const k = layer * dirs + d;
        let h: Tensor = T.select(h0, 0, k);
        let c: Tensor | null = c0 === null ? null : T.select(c0, 0, k);
        const seq: Tensor[] = new Array<Tensor>(steps);
        for (let s = 0; s < steps; s++) {
          const t = d === 1 ? steps - 1 - s : s;
          [h, c] = cellStep(this.mode, T.select(layerInput, 0, t), h, c, p(`weight_ih${sfx}`)!, p(`weight_hh${sfx}`)!, p(`bias_ih${sfx}`), p(`bias_hh${sfx}`), p(`weight_hr${sfx}`));
          seq[t] = h;
        }
        outs.push(T.stack(seq, 0));
        hn.push(h);
        if (c !== null) cn.push(c);
      }
      layerInput = dirs === 1 ? outs[0]! : T.cat(outs, 2);
      if (this.dropout > 0 && this.training && layer < this.num_layers - 1) layerInput = F.dropout(layerInput, this.dropout, true);
    }
    return [layerInput, T.stack(hn, 0), c0 === null ? null : T.stack(cn, 0)];
  }
}

/** RNN(input_size, hidden_size, num_layers=1, nonlinearity='tanh', bias=True, batch_first=False, dropout=0.0, bidirectional=False, device=None, dtype=None) */
export class RNN extends RNNBase {
  static override __module_type__ = "torch.nn.modules.rnn.RNN";
  readonly nonlinearity: "tanh" | "relu";
  constructor(...args: RNNCtorArgs) {
    const [values, nonlinearity] = bindRNN("RNN", args);
    super(nonlinearity === "tanh" ? "RNN_TANH" : "RNN_RELU", values);
    this.nonlinearity = nonlinearity as "tanh" | "relu";
  }
  /** Returns [output, h_n]. */
  override forward(input: Tensor, hx: Tensor | null = null): [Tensor, Tensor] {
    return recurrent(this, input, hx, "RNN");
  }
}

/** GRU(input_size, hidden_size, num_layers=1, bias=True, batch_first=False, dropout=0.0, bidirectional=False, device=None, dtype=None) */
export class GRU extends RNNBase {
  static override __module_type__ = "torch.nn.modules.rnn.GRU";
  constructor(...args: RNNCtorArgs) {
    super("GRU", bindRNN("GRU", args)[0]);
  }
  /** Returns [output, h_n]. */
  override forward(input: Tensor, hx: Tensor | null = null): [Tensor, Tensor] {
    return recurrent(this, input, hx, "GRU");
  }
}

/** RNN / GRU forward: (output, h_n), batch_first and unbatched input as PyTorch's. */
function recurrent(m: RNNBase, input: Tensor, hx: Tensor | null, name: string): [Tensor, Tensor] {
  const batched = m.checkInput(input, name);
  const batchDim = m.batch_first ? 0 : 1;
  if (!batched) {
    input = input.unsqueeze(batchDim);
    if (hx !== null) {
      if (hx.ndim !== 2) throw new TorchRuntimeError(`For unbatched 2-D input, hx should also be 2-D but got ${hx.ndim}-D tensor`);
      hx = hx.unsqueeze(1);
    }
  } else if (hx !== null && hx.ndim !== 3) {
    throw new TorchRuntimeError(`For batched 3-D input, hx should also be 3-D but got ${hx.ndim}-D tensor`);
  }
  const x = m.batch_first ? input.transpose(0, 1) : input;
  const dirs = m.bidirectional ? 2 : 1;
  const h0 = hx ?? zeros([m.num_layers * dirs, x.size(1), m.hidden_size], { dtype: input.dtype });
  let [out, hn] = m.recur(x, h0, null);
  if (m.batch_first) out = out.transpose(0, 1);
  if (!batched) return [out.squeeze(batchDim), hn.squeeze(1)];
  return [out, hn];
}

/** Keyword arguments of nn.LSTM (RNNBase's names). */
export type LSTMOptions = CtorKwargs<"RNNBase">;

/** LSTM(input_size, hidden_size, num_layers=1, bias=True, batch_first=False, dropout=0.0, bidirectional=False, proj_size=0, device=None, dtype=None) */
export class LSTM extends RNNBase {
  static override __module_type__ = "torch.nn.modules.rnn.LSTM";
  constructor(...args: RNNCtorArgs) {
    super("LSTM", bindRNN("LSTM", args)[0]);
  }

  /** Returns [output, [h_n, c_n]]. */
  override forward(input: Tensor, hx: [Tensor, Tensor] | null = null): [Tensor, [Tensor, Tensor]] {
    const batched = this.checkInput(input, "LSTM");
    const batchDim = this.batch_first ? 0 : 1;
    if (!batched) input = input.unsqueeze(batchDim);
    const dirs = this.bidirectional ? 2 : 1;
    const batch = input.size(this.batch_first ? 0 : 1);
    const real = this.proj_size > 0 ? this.proj_size : this.hidden_size;
    let h: [Tensor, Tensor];
    if (hx === null) {
      h = [zeros([this.num_layers * dirs, batch, real], { dtype: input.dtype }),
        zeros([this.num_layers * dirs, batch, this.hidden_size], { dtype: input.dtype })];
    } else {
      h = batched ? hx : [hx[0].unsqueeze(1), hx[1].unsqueeze(1)];
    }
    let out: Tensor, hn: Tensor, cn: Tensor;
    if (this.proj_size === 0) {
      [out, hn, cn] = T.lstm(input, h, this._flat_weights, this.bias, this.num_layers, this.dropout, this.training, this.bidirectional, this.batch_first);
    } else {
      const x = this.batch_first ? input.transpose(0, 1) : input;
      let c: Tensor | null;
      [out, hn, c] = this.recur(x, h[0], h[1]);
      cn = c!;
      if (this.batch_first) out = out.transpose(0, 1);
    }
    if (!batched) return [out.squeeze(batchDim), [hn.squeeze(1), cn.squeeze(1)]];
    return [out, [hn, cn]];
  }
}

/** RNNCellBase: weight_ih (chunks·hidden, input), weight_hh (chunks·hidden, hidden), biases. */
abstract class RNNCellBase extends Module {
  declare weight_ih: Parameter;
  declare weight_hh: Parameter;
  declare bias_ih: Parameter | null;
  declare bias_hh: Parameter | null;
  readonly input_size: number;
  readonly hidden_size: number;
  readonly bias: boolean;
  constructor(input_size: number, hidden_size: number, bias: boolean, chunks: number, device: unknown, dtype: unknown) {
    super();
    this.input_size = input_size;
    this.hidden_size = hidden_size;
    this.bias = bias;
    const fk = factoryKwargs(device, dtype);
    this.weight_ih = new Parameter(empty([chunks * hidden_size, input_size], fk));
    this.weight_hh = new Parameter(empty([chunks * hidden_size, hidden_size], fk));
    if (bias) {
      this.bias_ih = new Parameter(empty([chunks * hidden_size], fk));
      this.bias_hh = new Parameter(empty([chunks * hidden_size], fk));
    } else {
      this.register_parameter("bias_ih", null);
      this.register_parameter("bias_hh", null);
    }
    this.reset_parameters();
  }
  reset_parameters(): void {
    resetUniform(this, this.hidden_size);
  }
  override extra_repr(): string {
    let s = `${this.input_size}, ${this.hidden_size}`;
    if (this.bias !== true) s += `, bias=${pyBool(this.bias)}`;
    const nl = (this as { nonlinearity?: string }).nonlinearity;
    if (nl !== undefined && nl !== "tanh") s += `, nonlinearity=${nl}`;
    return s;
  }
  protected check(name: string, input: Tensor, hx: Tensor | null): boolean {
    if (input.ndim !== 1 && input.ndim !== 2) throw new TorchValueError(`${name}: Expected input to be 1D or 2D, got ${input.ndim}D instead`);
    if (hx !== null && hx.ndim !== 1 && hx.ndim !== 2) throw new TorchValueError(`${name}: Expected hidden to be 1D or 2D, got ${hx.ndim}D instead`);
    return input.ndim === 2;
  }
}

export class RNNCell extends RNNCellBase {
  static override __module_type__ = "torch.nn.modules.rnn.RNNCell";
  readonly nonlinearity: "tanh" | "relu";
  /** RNNCell(input_size, hidden_size, bias=True, nonlinearity='tanh', device=None, dtype=None) */
  constructor(...args: CtorArgs<"RNNCell">) {
    const [input_size, hidden_size, bias, nonlinearity, device, dtype] = bindCtor("RNNCell", args) as [number, number, boolean, string, unknown, unknown];
    super(input_size, hidden_size, bias, 1, device, dtype);
    this.nonlinearity = nonlinearity as "tanh" | "relu";
  }
  override forward(input: Tensor, hx: Tensor | null = null): Tensor {
    const batched = this.check("RNNCell", input, hx);
    if (!batched) input = input.unsqueeze(0);
    const h = hx === null ? zeros([input.size(0), this.hidden_size], { dtype: input.dtype }) : batched ? hx : hx.unsqueeze(0);
    if (this.nonlinearity !== "tanh" && this.nonlinearity !== "relu") throw new TorchRuntimeError(`Unknown nonlinearity: ${String(this.nonlinearity)}`);
    const [ret] = cellStep(this.nonlinearity === "tanh" ? "RNN_TANH" : "RNN_RELU", input, h, null, this.weight_ih, this.weight_hh, this.bias_ih, this.bias_hh);
    return batched ? ret : ret.squeeze(0);
  }
}

export class GRUCell extends RNNCellBase {
  static override __module_type__ = "torch.nn.modules.rnn.GRUCell";
  /** GRUCell(input_size, hidden_size, bias=True, device=None, dtype=None) */
  constructor(...args: CtorArgs<"GRUCell">) {
    const [input_size, hidden_size, bias, device, dtype] = bindCtor("GRUCell", args) as [number, number, boolean, unknown, unknown];
    super(input_size, hidden_size, bias, 3, device, dtype);
  }
  override forward(input: Tensor, hx: Tensor | null = null): Tensor {
    const batched = this.check("GRUCell", input, hx);
    if (!batched) input = input.unsqueeze(0);
    const h = hx === null ? zeros([input.size(0), this.hidden_size], { dtype: input.dtype }) : batched ? hx : hx.unsqueeze(0);
    const ret = T.gru_cell(input, h, this.weight_ih, this.weight_hh, this.bias_ih, this.bias_hh);
    return batched ? ret : ret.squeeze(0);
  }
}

export class LSTMCell extends RNNCellBase {
  static override __module_type__ = "torch.nn.modules.rnn.LSTMCell";
  /** LSTMCell(input_size, hidden_size, bias=True, device=None, dtype=None) */
  constructor(...args: CtorArgs<"LSTMCell">) {
    const [input_size, hidden_size, bias, device, dtype] = bindCtor("LSTMCell", args) as [number, number, boolean, unknown, unknown];
    super(input_size, hidden_size, bias, 4, device, dtype);
  }
  /** Returns [h_1, c_1]. */
  override forward(input: Tensor, hx: [Tensor, Tensor] | null = null): [Tensor, Tensor] {
    const batched = this.check("LSTMCell", input, hx === null ? null : hx[0]);
    if (!batched) input = input.unsqueeze(0);
    let h: Tensor, c: Tensor;
    if (hx === null) {
      h = zeros([input.size(0), this.hidden_size], { dtype: input.dtype });
      c = zeros([input.size(0), this.hidden_size], { dtype: input.dtype });
    } else {
      [h, c] = batched ? hx : [hx[0].unsqueeze(0), hx[1].unsqueeze(0)];
    }
    const [h1, c1] = cellStep("LSTM", input, h, c, this.weight_ih, this.weight_hh, this.bias_ih, this.bias_hh);
    return batched ? [h1, c1!] : [h1.squeeze(0), c1!.squeeze(0)];
  }
}
