/** A 16×16 tray icon (generated), inlined so the tray needs no file lookup. */
export const TRAY_ICON_DATA_URL =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAYAAAAf8/9hAAAASklEQVR42mPQ0NBgoATjkviPAxNlwH8CGK8B/4nEWA34TyJGMYAY/2JVg0uS2MAlaAAuPv0MINsLJAcixdFIlYRElaRMlcxEEgYAWjr3gXhF/n0AAAAASUVORK5CYII=';

/** macOS menu-bar template image (build/tray-template.svg via build/make-icons.mjs --tray): 16 px. */
export const TRAY_TEMPLATE_16_DATA_URL =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAYAAAAf8/9hAAAACXBIWXMAABYlAAAWJQFJUiTwAAAAl0lEQVQ4jbWTsQ2DMBREH0WoYYsUbOIBkAIz0VP9OhXKNAhlCZgAmhMCA0qIyUnXnO5O/vY3XAQH1Au6sx4DuhMFnTIzzBc+YOM3T7gBOVCJubTDArc4dga8gQF4iYO0bMe/wh3ogSeQAqWYSOvl2UUMtEADRAqOYiGtkSf+S4E/QqLg45sRXOglWugz2hWLFLTKwZ/pZ0xBRkQ9+qjofAAAAABJRU5ErkJggg==';

/** The same at 32 px, the Retina (2x) representation. */
export const TRAY_TEMPLATE_32_DATA_URL =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAACAAAAAgCAYAAABzenr0AAAACXBIWXMAACxLAAAsSwGlPZapAAABgUlEQVRYhe2XvU7DMBSFPxBBtBJ9gEpGfYcOZcyARB+GLeztRtjaNylbq3bvzMxK2zeoxEKQ4QaZyPlxSBqJcqRIVs69x0fx9bUD//gJBdykPJqrVUcBeyBKefYFTZTW8TOSqjQQyVyZBoIaliBwMeBTPfw/Z6AHXAMDGR/EQA+YAjtLYe2ESzOTq6+kem3VfgaMgbec6o4kZiw5RfW/oSzkJbAyJngH5sAdMARuZTwXLo5bSW6efibawNoQfQb6GfF9iYnj16JRCqfAzBB7Ai6EOwcegS2wAUJ5h8SYeTPRcsa9IaI/r2dwoWXt9bsYnuTEnNZyQtcouBegk+C3KbvAREdy48LsVmlgYzHwWqWB5BIsCizBg8F7klN6CTROLEXY+mS+Ci6UL5EswpbEmkWotUqhfehtqFIa0TLRiBZGIxrKeJFoREvXRqRyWvHIoRWPyrRiv+BhNMnYhpPfHEa+43F8JUfxQMbHdyGp1UDQ9KU0auJarpr+MWn814yjxAffxRU/7s6G2gAAAABJRU5ErkJggg==';
