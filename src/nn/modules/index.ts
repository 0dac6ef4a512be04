// The built-in layers.
export { Identity, Linear, NonDynamicallyQuantizableLinear, type FactoryKwargs } from "./linear.js";
export { Conv1d, Conv2d, ConvTranspose2d, _ConvNd, type ConvOptions, type ConvTransposeOptions } from "./conv.js";
export { BatchNorm1d, BatchNorm2d, _BatchNorm, LayerNorm, GroupNorm, type BatchNormOptions } from "./normalization.js";
export { ReLU, ReLU6, GELU, SiLU, Sigmoid, Tanh, Hardswish, LeakyReLU, Softmax, LogSoftmax } from "./activation.js";
export { MaxPool2d, AvgPool2d, AdaptiveAvgPool2d } from "./pooling.js";
export { Dropout, Flatten, Embedding, Upsample, type EmbeddingOptions } from "./misc.js";
export { Sequential, ModuleList, ModuleDict } from "./container.js";
export { MultiheadAttention, TransformerEncoderLayer, type MultiheadAttentionOptions, type TransformerEncoderLayerOptions, type MhaForwardOptions } from "./attention.js";
export { GRUCell, LSTM, type LSTMOptions } from "./rnn.js";
