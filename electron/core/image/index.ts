export {
  candidateSizes,
  clampRegion,
  DEFAULT_JPEG_QUALITY,
  DEFAULT_MAX_BYTES,
  DEFAULT_MAX_EDGE,
  fitWithin,
  ImagePipelineError,
  PNG_ENCODINGS,
  prepareImage,
  type ImagePipelineErrorKind,
  type PipelineOptions,
  type PreparedImage,
  type RawImage,
  type Rect,
} from './pipeline';
export {
  isPresetName,
  presetForBaseUrl,
  PRESET_NAMES,
  PROVIDER_PRESETS,
  type PresetName,
  type ProviderImagePreset,
} from './presets';
export {
  LEGIBLE_TEXT_PX,
  MAX_SHARP_TEXT_TILES,
  planSharpText,
  receivedSize,
  sharpTextLayoutNote,
  SMALL_TEXT_DIP,
  type SharpTextOptions,
  type SharpTextPlan,
} from './sharp-text';
