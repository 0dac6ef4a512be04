// The built-in layers.
export { Identity, Linear, Bilinear, NonDynamicallyQuantizableLinear, type FactoryKwargs } from "./linear.js";
export { Conv1d, Conv2d, Conv3d, ConvTranspose1d, ConvTranspose2d, _ConvNd, type ConvOptions, type ConvTransposeOptions } from "./conv.js";
export {
  BatchNorm1d, BatchNorm2d, BatchNorm3d, _BatchNorm, _NormBase, InstanceNorm1d, InstanceNorm2d, InstanceNorm3d, LayerNorm, GroupNorm,
  RMSNorm, LocalResponseNorm, type BatchNormOptions,
} from "./normalization.js";
export {
  ReLU, ReLU6, GELU, SiLU, Sigmoid, Tanh, Hardswish, LeakyReLU, Softmax, LogSoftmax, ELU, CELU, Hardtanh, Softplus, PReLU, Threshold,
  Mish, Hardsigmoid, Softsign, GLU, Softmin, SELU, RReLU, Softshrink, Hardshrink, LogSigmoid, Tanhshrink, Softmax2d,
} from "./activation.js";
export { MaxPool1d, MaxPool2d, AvgPool1d, AvgPool2d, AdaptiveAvgPool1d, AdaptiveAvgPool2d, AdaptiveMaxPool1d, AdaptiveMaxPool2d } from "./pooling.js";
export {
  Dropout, Dropout1d, Dropout2d, Dropout3d, AlphaDropout, FeatureAlphaDropout, Flatten, Unflatten, Embedding, EmbeddingBag, Upsample,
  PixelShuffle, PixelUnshuffle, ChannelShuffle, CosineSimilarity, PairwiseDistance, Fold, Unfold, UpsamplingNearest2d, UpsamplingBilinear2d,
  type EmbeddingOptions,
} from "./misc.js";
export {
  ConstantPad1d, ConstantPad2d, ConstantPad3d, ZeroPad1d, ZeroPad2d, ZeroPad3d, ReflectionPad1d, ReflectionPad2d, ReflectionPad3d,
  ReplicationPad1d, ReplicationPad2d, ReplicationPad3d, CircularPad1d, CircularPad2d, CircularPad3d,
} from "./padding.js";
export { Sequential, ModuleList, ModuleDict, ParameterList, ParameterDict } from "./container.js";
export {
  MultiheadAttention, TransformerEncoderLayer, TransformerDecoderLayer, type MultiheadAttentionOptions, type TransformerEncoderLayerOptions,
  type MhaForwardOptions,
} from "./attention.js";
export { RNNBase, RNN, GRU, LSTM, RNNCell, GRUCell, LSTMCell, type LSTMOptions } from "./rnn.js";
