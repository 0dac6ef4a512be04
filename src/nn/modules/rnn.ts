// nn.GRUCell and nn.LSTM (torch/nn/modules/rnn.py): parameters named and ordered as PyTorch's,
// uniform(-1/sqrt(hidden), 1/sqrt(hidden)) initialization, forward through aten.gru_cell / aten.lstm.
import { Tensor } from "../../tensor/tensor.js";
import { empty, zeros } from "../../tensor/factories.js";
import { Module } from "../module.js";
import { Parameter } from "../parameter.js";
import { NotImplementedError, TorchRuntimeError, TorchValueError } from "../errors.js";
import * as init from "../init.js";
import * as T from "../../ops/functional.js";
import type { FactoryKwargs } from "./linear.js";
import { sizeNe } from "../../symbolic/size.js";

function resetUniform(m: Module, hidden: number): void {
  const stdv = hidden > 0 ? 1.0 / Math.sqrt(hidden) : 0;
  for (const w of m.parameters()) init.uniform_(w, -stdv, stdv);
}

export class GRUCell extends Module {
  static override __module_type__ = "torch.nn.modules.rnn.GRUCell";
  declare weight_ih: Parameter;
  declare weight_hh: Parameter;
  declare bias_ih: Parameter | null;
  declare bias_hh: Parameter | null;

  constructor(readonly input_size: number, readonly hidden_size: number, opts: { bias?: boolean } & FactoryKwargs = {}) {
    super();
    const dt = { dtype: opts.dtype ?? null };
    this.weight_ih = new Parameter(empty([3 * hidden_size, input_size], dt));
    this.weight_hh = new Parameter(empty([3 * hidden_size, hidden_size], dt));
    if (opts.bias ?? true) {
      this.bias_ih = new Parameter(empty([3 * hidden_size], dt));
      this.bias_hh = new Parameter(empty([3 * hidden_size], dt));
    } else {
      this.register_parameter("bias_ih", null);
      this.register_parameter("bias_hh", null);
    }
    this.reset_parameters();
  }
  reset_parameters(): void {
    resetUniform(this, this.hidden_size);
  }

  override forward(input: Tensor, hx: Tensor | null = null): Tensor {
    if (input.ndim !== 1 && input.ndim !== 2) throw new TorchValueError(`GRUCell: Expected input to be 1D or 2D, got ${input.ndim}D instead`);
    if (hx !== null && hx.ndim !== 1 && hx.ndim !== 2) throw new TorchValueError(`GRUCell: Expected hidden to be 1D or 2D, got ${hx.ndim}D instead`);
    const batched = input.ndim === 2;
    if (!batched) input = input.unsqueeze(0);
    const h = hx === null ? zeros([input.size(0), this.hidden_size], { dtype: input.dtype }) : batched ? hx : hx.unsqueeze(0);
    const ret = T.gru_cell(input, h, this.weight_ih, this.weight_hh, this.bias_ih, this.bias_hh);
    return batched ? ret : ret.squeeze(0);
  }
  override extra_repr(): string {
    return `${this.input_size}, ${this.hidden_size}${this.bias_ih === null ? ", bias=False" : ""}`;
  }
}

export interface LSTMOptions extends FactoryKwargs {
  num_layers?: number;
  bias?: boolean;
  batch_first?: boolean;
  dropout?: number;
  bidirectional?: boolean;
  proj_size?: number;
}

export class LSTM extends Module {
  static override __module_type__ = "torch.nn.modules.rnn.LSTM";
  readonly num_layers: number;
  readonly bias: boolean;
  readonly batch_first: boolean;
  readonly dropout: number;
  readonly bidirectional: boolean;
  /** Parameter names in aten.lstm's flat order: weight_ih_l0, weight_hh_l0, bias_ih_l0, bias_hh_l0, ... */
  readonly _flat_weights_names: string[] = [];

  constructor(readonly input_size: number, readonly hidden_size: number, opts: LSTMOptions = {}) {
    super();
    this.num_layers = opts.num_layers ?? 1;
    this.bias = opts.bias ?? true;
    this.batch_first = opts.batch_first ?? false;
    this.dropout = opts.dropout ?? 0.0;
    this.bidirectional = opts.bidirectional ?? false;
    if ((opts.proj_size ?? 0) !== 0) throw new NotImplementedError("LSTM: proj_size is not supported by pt2js");
    if (this.dropout < 0 || this.dropout > 1) {
      throw new TorchValueError("dropout should be a number in range [0, 1] representing the probability of an element being zeroed");
    }
    if (this.num_layers < 1) throw new TorchValueError(`num_layers must be greater than or equal to 1, got ${this.num_layers}`);
    const dirs = this.bidirectional ? 2 : 1;
    const gate = 4 * hidden_size;
    const dt = { dtype: opts.dtype ?? null };
    for (let layer = 0; layer < this.num_layers; layer++) {
      for (let d = 0; d < dirs; d++) {
        const inSize = layer === 0 ? input_size : hidden_size * dirs;
        const sfx = `_l${layer}${d === 1 ? "_reverse" : ""}`;
        const params: [string, number[]][] = [[`weight_ih${sfx}`, [gate, inSize]], [`weight_hh${sfx}`, [gate, hidden_size]]];
        if (this.bias) params.push([`bias_ih${sfx}`, [gate]], [`bias_hh${sfx}`, [gate]]);
        for (const [name, shape] of params) {
          this.register_parameter(name, new Parameter(empty(shape, dt)));
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

  /** Returns [output, [h_n, c_n]]. */
  override forward(input: Tensor, hx: [Tensor, Tensor] | null = null): [Tensor, [Tensor, Tensor]] {
    if (input.ndim !== 2 && input.ndim !== 3) throw new TorchValueError(`LSTM: Expected input to be 2D or 3D, got ${input.ndim}D instead`);
    const batchDim = this.batch_first ? 0 : 1;
    const batched = input.ndim === 3;
    if (!batched) input = input.unsqueeze(batchDim);
    if (sizeNe(input.size(-1), this.input_size)) { // a guard, as Python's `!=` on a SymInt
      throw new TorchRuntimeError(`input.size(-1) must be equal to input_size. Expected ${this.input_size}, got ${String(input.size(-1))}`);
    }
    const dirs = this.bidirectional ? 2 : 1;
    const batch = input.size(this.batch_first ? 0 : 1);
    let h: [Tensor, Tensor];
    if (hx === null) {
      h = [zeros([this.num_layers * dirs, batch, this.hidden_size], { dtype: input.dtype }),
        zeros([this.num_layers * dirs, batch, this.hidden_size], { dtype: input.dtype })];
    } else {
      h = batched ? hx : [hx[0].unsqueeze(1), hx[1].unsqueeze(1)];
    }
    const [out, hn, cn] = T.lstm(input, h, this._flat_weights, this.bias, this.num_layers, this.dropout, this.training, this.bidirectional, this.batch_first);
    if (!batched) return [out.squeeze(batchDim), [hn.squeeze(1), cn.squeeze(1)]];
    return [out, [hn, cn]];
  }
}
