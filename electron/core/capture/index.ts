export * from './geometry';
export * from './hotkeys';
export * from './sources';
export * from '../../../shared/overlay-selection';
export * from '../../../shared/accelerator';
export * from './overlay-session';
export * from './overlay-handlers';
export * from './desktop-capture';
