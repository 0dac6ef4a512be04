// Record names of the PT2 archive (torch/csrc/export/pt2_archive_constants.h), relative to the
// archive's top-level folder.
export const ARCHIVE_FORMAT = "archive_format";
export const ARCHIVE_FORMAT_VALUE = "pt2";
export const ARCHIVE_VERSION = "archive_version";
export const ARCHIVE_VERSION_VALUE = "0";
export const DATA_VERSION = ".data/version";
export const LEGACY_VERSION = "version";
/** Zip-container version PT2ArchiveWriter sets (set_min_version(6)). */
export const FILE_FORMAT_VERSION = 6;
/** kMinSupportedFileFormatVersion / kMaxSupportedFileFormatVersion of caffe2/serialize/versions.h. */
export const MIN_FILE_FORMAT_VERSION = 1;
export const MAX_FILE_FORMAT_VERSION = 0xa;
export const BYTEORDER = "byteorder";
export const SERIALIZATION_ID = ".data/serialization_id";

export const MODELS_DIR = "models/";
export const WEIGHTS_DIR = "data/weights/";
export const CONSTANTS_DIR = "data/constants/";
export const SAMPLE_INPUTS_DIR = "data/sample_inputs/";
export const EXTRA_DIR = "extra/";
export const AOTINDUCTOR_DIR = "data/aotinductor/";

export const modelFile = (model: string): string => `${MODELS_DIR}${model}.json`;
export const weightsConfigFile = (model: string): string => `${WEIGHTS_DIR}${model}_weights_config.json`;
export const constantsConfigFile = (model: string): string => `${CONSTANTS_DIR}${model}_constants_config.json`;
export const sampleInputsFile = (model: string): string => `${SAMPLE_INPUTS_DIR}${model}.pt`;

export const TENSOR_CONSTANT_PREFIX = "tensor_";
export const CUSTOM_OBJ_PREFIX = "custom_obj_";
/** Default top-level folder, as PyTorch's writer uses for buffers. */
export const DEFAULT_ROOT = "archive";
