/**
 * The page's words for messages that come from the core (errors, warnings, hotkey reasons) by
 * their `code`. The core's `message` is English for the CLI and the log; the page words the same
 * facts from `fields` here, in its language. A code this catalog does not know falls back to the
 * core's English sentence, so a new core message is never lost, only untranslated.
 *
 * Template syntax:
 * - `{name}`: the field's value (numbers in the language's digits; `…Ms` fields as durations);
 * - `{@name}`: the sub-entry `<code>.<name>.<value>` (e.g. `chat.http.advice.quota`), or
 *   `<code>.<name>.*` when there is no entry for that value; nothing when the field is absent.
 *   Sub-entries may use the same fields.
 * - `{>name}`: the message whose code is the field's value (e.g. an image error inside "the boxes
 *   could not be burned in: …"), worded with the same fields; its own sub-entries apply.
 * - a field named `bytes` or ending in `Bytes` is a size (kB, MB; ko, Mo in French); one ending in
 *   `List` is a comma-separated list of values, each worded by `<code>.<name>.<value>` and joined
 *   as the language joins lists ("a, b and c" / "a, b et c").
 * The English entries say exactly what the core says (a unit test checks a sample), so the
 * English page reads the same as the CLI.
 */
import type { CoreMessage, MessageFields } from '../../../../shared/messages';

export type CoreCatalog = Readonly<Record<string, string>>;

const HTTP_EN: Record<string, string> = {
  'chat.http': 'HTTP {status}{@status} from {host}{@body} — {@advice}.',
  'chat.http.status.400': ' Bad Request',
  'chat.http.status.401': ' Unauthorized',
  'chat.http.status.402': ' Payment Required',
  'chat.http.status.403': ' Forbidden',
  'chat.http.status.404': ' Not Found',
  'chat.http.status.405': ' Method Not Allowed',
  'chat.http.status.408': ' Request Timeout',
  'chat.http.status.409': ' Conflict',
  'chat.http.status.413': ' Payload Too Large',
  'chat.http.status.415': ' Unsupported Media Type',
  'chat.http.status.422': ' Unprocessable Entity',
  'chat.http.status.429': ' Too Many Requests',
  'chat.http.status.500': ' Internal Server Error',
  'chat.http.status.502': ' Bad Gateway',
  'chat.http.status.503': ' Service Unavailable',
  'chat.http.status.504': ' Gateway Timeout',
  'chat.http.body.message': ': "{server}"',
  'chat.http.body.html': ' (an HTML page, not an API answer)',
  'chat.http.body.none': ' (no message)',
  'chat.http.advice.key': 'check the API key of this endpoint',
  'chat.http.advice.keyModel': 'check the API key and that it is allowed to use this model',
  'chat.http.advice.modelsList': 'this server does not list its models: type the model name instead',
  'chat.http.advice.model': 'check the model name ("{model}")',
  'chat.http.advice.baseUrl': 'check the base URL: it usually ends in /v1',
  'chat.http.advice.modelOrUrl': 'check the model name ("{model}") and the base URL',
  'chat.http.advice.modelAndUrl': 'check the model name and the base URL',
  'chat.http.advice.tooLarge': 'the image is too large for this server: lower the longest edge or send JPEG',
  'chat.http.advice.quota': 'the account is out of quota or credit: check its plan and billing',
  'chat.http.advice.retryIn': 'rate limited: try again in {retryMs}',
  'chat.http.advice.retry': 'rate limited: wait a moment and try again',
  'chat.http.advice.timeout': 'the server timed out: try again',
  'chat.http.advice.server': 'the server failed: try again later',
  'chat.http.advice.noCredit': 'the account has no credit left: add credit and try again',
  'chat.http.advice.noVision': 'this model does not accept images: pick a vision model',
  'chat.http.advice.rejected': 'the server rejected the request',
};

const HTTP_FR: Record<string, string> = {
  'chat.http': 'HTTP {status}{@status} de {host}{@body} — {@advice}.',
  'chat.http.status.400': ' (requête incorrecte)',
  'chat.http.status.401': ' (non autorisé)',
  'chat.http.status.402': ' (paiement requis)',
  'chat.http.status.403': ' (interdit)',
  'chat.http.status.404': ' (introuvable)',
  'chat.http.status.405': ' (méthode non autorisée)',
  'chat.http.status.408': ' (délai dépassé)',
  'chat.http.status.409': ' (conflit)',
  'chat.http.status.413': ' (requête trop volumineuse)',
  'chat.http.status.415': ' (type de média non pris en charge)',
  'chat.http.status.422': ' (entité non traitable)',
  'chat.http.status.429': ' (trop de requêtes)',
  'chat.http.status.500': ' (erreur interne du serveur)',
  'chat.http.status.502': ' (mauvaise passerelle)',
  'chat.http.status.503': ' (service indisponible)',
  'chat.http.status.504': ' (délai de la passerelle dépassé)',
  'chat.http.body.message': ' : « {server} »',
  'chat.http.body.html': ' (une page HTML, pas une réponse d’API)',
  'chat.http.body.none': ' (sans message)',
  'chat.http.advice.key': 'vérifiez la clé API de ce point d’accès',
  'chat.http.advice.keyModel': 'vérifiez la clé API et qu’elle donne accès à ce modèle',
  'chat.http.advice.modelsList': 'ce serveur ne liste pas ses modèles : saisissez le nom du modèle',
  'chat.http.advice.model': 'vérifiez le nom du modèle (« {model} »)',
  'chat.http.advice.baseUrl': 'vérifiez l’URL de base : elle se termine souvent par /v1',
  'chat.http.advice.modelOrUrl': 'vérifiez le nom du modèle (« {model} ») et l’URL de base',
  'chat.http.advice.modelAndUrl': 'vérifiez le nom du modèle et l’URL de base',
  'chat.http.advice.tooLarge':
    'l’image est trop grande pour ce serveur : réduisez le plus grand côté ou envoyez du JPEG',
  'chat.http.advice.quota':
    'le compte n’a plus de quota ni de crédit : vérifiez son forfait et sa facturation',
  'chat.http.advice.retryIn': 'limite de requêtes atteinte : réessayez dans {retryMs}',
  'chat.http.advice.retry': 'limite de requêtes atteinte : patientez un instant puis réessayez',
  'chat.http.advice.timeout': 'le serveur a mis trop de temps à répondre : réessayez',
  'chat.http.advice.server': 'le serveur a échoué : réessayez plus tard',
  'chat.http.advice.noCredit': 'le compte n’a plus de crédit : ajoutez du crédit puis réessayez',
  'chat.http.advice.noVision': 'ce modèle n’accepte pas les images : choisissez un modèle de vision',
  'chat.http.advice.rejected': 'le serveur a refusé la requête',
};

// ---- Images, the privacy shield's findings, storage, settings, proxy, IPC refusals ----------
// (issue 16.5: what was still English on a French page)

/** What the privacy shield found, by category (shield.ts CATEGORY_LABELS says the English). */
const CATEGORY_EN: Record<string, string> = {
  keys: 'API key or token',
  passwords: 'password',
  emails: 'e-mail address',
  phones: 'phone number',
  cards: 'card number',
  ibans: 'IBAN',
  entropy: 'secret-looking string',
};
const CATEGORY_FR: Record<string, string> = {
  keys: 'clé d’API ou jeton',
  passwords: 'mot de passe',
  emails: 'adresse e-mail',
  phones: 'numéro de téléphone',
  cards: 'numéro de carte bancaire',
  ibans: 'IBAN',
  entropy: 'chaîne qui ressemble à un secret',
};

/** `<prefix>.<key>` for each entry: the words a list field or a category label takes. */
function entries(prefix: string, words: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(words).map(([key, text]) => [`${prefix}.${key}`, text]));
}

/** Write failures (storage/atomic-file.ts writeErrorMessage), the system's words after them. */
const WRITE_EN: Record<string, string> = {
  'storage.diskFull':
    'The disk is full: Glimpse could not save to {where}. Free some space; nothing is lost while Glimpse stays open.{@detail}',
  'storage.readOnly':
    "Glimpse may not write to {where} (read-only or no permission). Nothing is lost while Glimpse stays open; fix the folder's permissions or set GLIMPSE_DATA_DIR.{@detail}",
  'storage.writeFailed':
    'Glimpse could not save to {where}. Nothing is lost while Glimpse stays open; it will try again.{@detail}',
};
const WRITE_FR: Record<string, string> = {
  'storage.diskFull':
    'Le disque est plein : Glimpse n’a pas pu enregistrer dans {where}. Libérez de la place ; rien n’est perdu tant que Glimpse reste ouvert.{@detail}',
  'storage.readOnly':
    'Glimpse n’a pas le droit d’écrire dans {where} (lecture seule ou permission refusée). Rien n’est perdu tant que Glimpse reste ouvert ; corrigez les permissions du dossier ou définissez GLIMPSE_DATA_DIR.{@detail}',
  'storage.writeFailed':
    'Glimpse n’a pas pu enregistrer dans {where}. Rien n’est perdu tant que Glimpse reste ouvert ; il réessaiera.{@detail}',
};
/**
 * The same sub-entry for each write failure: the system's own words, when given, in brackets
 * (quoted in French: they stay as the system wrote them).
 */
const writeDetail = (template: string): Record<string, string> =>
  Object.fromEntries(Object.keys(WRITE_EN).map((code) => [`${code}.detail.*`, template]));

const MORE_EN: Record<string, string> = {
  // Image pipeline (electron/core/image/pipeline.ts)
  'image.invalidRegion': 'The selected region is not a valid rectangle. Select the region again.',
  'image.emptyRegion':
    'The selected region is empty ({width}×{height} pixels). Drag to select an area, or press Enter for the whole screen.',
  'image.regionOutside':
    'The selected region ({width}×{height} at {left}, {top}) lies outside the {imageWidth}×{imageHeight} image. Select an area of the captured screen.',
  'image.tooLarge':
    'The image is {bytes} once encoded ({width}×{height} {format}), over the {maxBytes} limit. Select a smaller region, lower the longest edge, or {@advice}.',
  'image.tooLarge.advice.quality': 'lower the JPEG quality',
  'image.tooLarge.advice.jpeg': 'send it as JPEG',
  'image.tooManyPixels':
    'This image has too many pixels{@width}: the limit is {megapixels} megapixels. Use a smaller image.',
  'image.tooManyPixels.width.*': ' ({width}×{height})',
  'image.noPixels': 'The captured image has no pixels ({width}×{height}). Capture the screen again.',
  'image.pixelFormat': 'The captured image is in a pixel format Glimpse cannot read.',
  'image.damagedCapture':
    'The captured image is damaged: {length} bytes for {width}×{height} pixels. Capture the screen again.',
  'image.emptyFile': 'The image file is empty.',
  'image.unsupportedFormat': '{format} images are not supported. Use a PNG, JPEG, WebP or GIF image.',
  'image.colourLayout': 'This image has a colour layout Glimpse cannot read.',
  'image.notImage': 'This file is not an image Glimpse can read. Use a PNG, JPEG, WebP or GIF image.',
  'image.damaged': 'This image could not be read: the file looks damaged or incomplete.',
  'image.uploadTooLarge': 'The image file is larger than {megabytes} MB: use a smaller image.',
  // Redaction and sharp text (electron/core/app/captures.ts)
  'capture.redactionFailed': 'The boxes could not be burned into the image, so nothing was sent: {>reason}',
  'sharpText.off': 'Sharp text was turned off: {@why}.',
  'sharpText.off.why.tile': "a tile does not fit this profile's image limits ({>reason})",
  'sharpText.off.why.request':
    'the image and its tiles would make a {requestBytes} request, over the {maxRequestBytes} this provider accepts. Select a smaller region',
  // The privacy shield's findings (electron/core/privacy/capture-shield.ts, overlay-shield.ts)
  ...entries('privacy.category', CATEGORY_EN),
  'privacy.foundAsk':
    'The privacy shield found {@count} in this image that may be private ({categoryList}). Keep or dismiss the boxes over the preview, then ask again.',
  'privacy.foundAsk.count.1': 'something',
  'privacy.foundAsk.count.*': '{count} things',
  ...entries('privacy.foundAsk.categoryList', CATEGORY_EN),
  'privacy.foundEnter':
    'The privacy shield just found {@count} in your selection that may be private ({categoryList}). Keep or dismiss the boxes, then send again.',
  'privacy.foundEnter.count.1': 'something',
  'privacy.foundEnter.count.*': '{count} things',
  ...entries('privacy.foundEnter.categoryList', CATEGORY_EN),
  // Stored files (history, settings, keys)
  ...WRITE_EN,
  ...writeDetail(' ({detail})'),
  'storage.conversationSetAside':
    'A saved conversation could not be read and was set aside, not deleted: {where}',
  'storage.conversationNewer':
    'A conversation was saved by a newer version of Glimpse and is left untouched: {where}',
  'storage.unreadableMoved': '{where} could not be read and was moved to {aside}.',
  'storage.damagedLines': '{count} damaged line(s) in {where}; the file was moved to {aside}.',
  'storage.searchRebuilt': 'The search index was rebuilt from the conversations ({>why}).',
  'storage.searchRebuilding': 'The search index is being rebuilt from the conversations ({>why}).',
  'storage.searchDamaged.format': 'no search index of this format',
  'storage.searchDamaged.interrupted': 'the search index was being updated when Glimpse stopped',
  'storage.searchDamaged.line': 'a damaged line in {where}',
  'storage.searchDamaged.missing': '{where} is missing',
  'settings.unreadable': 'The settings file could not be read and was moved to {aside}; defaults are in use.',
  'settings.keysUnreadable': 'The stored API keys could not be read; the file was moved to {aside}.',
  'settings.newerFile':
    '{where} was written by a newer Glimpse (version {version}); defaults are in use and the file is kept (a copy is made before anything is saved).',
  'settings.newerChanged':
    '{where} was changed by a newer Glimpse (version {version}); the settings in use are kept, and the file is copied aside before anything is saved.',
  'settings.invalidReset': 'Some settings were invalid ({issues}) and were reset to defaults{@aside}.',
  'settings.invalidReset.aside.*': '; the original file is kept as {aside}',
  'settings.editedInvalid':
    '{where} was edited outside Glimpse and is not valid ({issues}); the settings in use are kept, and the edited file is copied aside before anything is saved.',
  'settings.invalid': 'Settings not saved: {issues}.',
  'settings.proxyUrl':
    'The proxy URL must look like http://user:password@host:port. In the user name and password, write # / ? @ : as %23 %2F %3F %40 %3A.',
  'proxy.notUrl': 'The proxy setting is not a URL: write it as http://host:port.',
  'proxy.scheme': 'The proxy "{scheme}//…" is not supported: use an http:// or https:// proxy.',
  'proxy.noHost': 'The proxy URL has no host: write it as http://host:port.',
  // Requests main refuses before any handler runs (electron/core/ipc/dispatch.ts, electron/main/ipc.ts)
  'ipc.unknown': 'Unknown request.',
  'ipc.invalid': 'Invalid request ({detail}).',
  'ipc.untrusted': 'Glimpse refused this request: it did not come from one of its windows.',
  'ipc.wrongWindow': 'Glimpse refused this request: this window cannot make it.',
};

const MORE_FR: Record<string, string> = {
  'image.invalidRegion':
    'La zone sélectionnée n’est pas un rectangle valide. Sélectionnez de nouveau la zone.',
  'image.emptyRegion':
    'La zone sélectionnée est vide ({width} × {height} pixels). Faites glisser pour sélectionner une zone, ou appuyez sur Entrée pour tout l’écran.',
  'image.regionOutside':
    'La zone sélectionnée ({width} × {height} à la position {left} ; {top}) est hors de l’image de {imageWidth} × {imageHeight}. Sélectionnez une zone de l’écran capturé.',
  'image.tooLarge':
    'Une fois encodée, l’image pèse {bytes} ({width} × {height}, {format}), au-delà de la limite de {maxBytes}. Sélectionnez une zone plus petite, réduisez le plus grand côté ou {@advice}.',
  'image.tooLarge.advice.quality': 'baissez la qualité JPEG',
  'image.tooLarge.advice.jpeg': 'envoyez-la en JPEG',
  'image.tooManyPixels':
    'Cette image a trop de pixels{@width} : la limite est de {megapixels} mégapixels. Utilisez une image plus petite.',
  'image.tooManyPixels.width.*': ' ({width} × {height})',
  'image.noPixels': 'L’image capturée n’a aucun pixel ({width} × {height}). Capturez de nouveau l’écran.',
  'image.pixelFormat': 'L’image capturée est dans un format de pixels que Glimpse ne sait pas lire.',
  'image.damagedCapture':
    'L’image capturée est endommagée : {length} octets pour {width} × {height} pixels. Capturez de nouveau l’écran.',
  'image.emptyFile': 'Le fichier image est vide.',
  'image.unsupportedFormat':
    'Les images {format} ne sont pas prises en charge. Utilisez une image PNG, JPEG, WebP ou GIF.',
  'image.colourLayout': 'Glimpse ne sait pas lire l’organisation des couleurs de cette image.',
  'image.notImage':
    'Ce fichier n’est pas une image que Glimpse sait lire. Utilisez une image PNG, JPEG, WebP ou GIF.',
  'image.damaged': 'Cette image n’a pas pu être lue : le fichier semble endommagé ou incomplet.',
  'image.uploadTooLarge': 'Le fichier image dépasse {megabytes} Mo : utilisez une image plus petite.',
  'capture.redactionFailed':
    'Les cadres n’ont pas pu être incrustés dans l’image, donc rien n’a été envoyé : {>reason}',
  'sharpText.off': 'Le texte net a été désactivé : {@why}.',
  'sharpText.off.why.tile': 'une tuile dépasse les limites d’image de ce profil ({>reason})',
  'sharpText.off.why.request':
    'l’image et ses tuiles feraient une requête de {requestBytes}, au-delà des {maxRequestBytes} qu’accepte ce fournisseur. Sélectionnez une zone plus petite',
  ...entries('privacy.category', CATEGORY_FR),
  'privacy.foundAsk':
    'Le bouclier de confidentialité a trouvé dans cette image {@count} ({categoryList}). Gardez ou écartez les cadres sur l’aperçu, puis demandez de nouveau.',
  'privacy.foundAsk.count.1': 'un élément qui pourrait être privé',
  'privacy.foundAsk.count.*': '{count} éléments qui pourraient être privés',
  ...entries('privacy.foundAsk.categoryList', CATEGORY_FR),
  'privacy.foundEnter':
    'Le bouclier de confidentialité vient de trouver dans votre sélection {@count} ({categoryList}). Gardez ou écartez les cadres, puis envoyez de nouveau.',
  'privacy.foundEnter.count.1': 'un élément qui pourrait être privé',
  'privacy.foundEnter.count.*': '{count} éléments qui pourraient être privés',
  ...entries('privacy.foundEnter.categoryList', CATEGORY_FR),
  ...WRITE_FR,
  ...writeDetail(' (« {detail} »)'),
  'storage.conversationSetAside':
    'Une conversation enregistrée n’a pas pu être lue et a été mise de côté, pas supprimée : {where}',
  'storage.conversationNewer':
    'Une conversation a été enregistrée par une version plus récente de Glimpse et reste telle quelle : {where}',
  'storage.unreadableMoved': '{where} n’a pas pu être lu et a été déplacé vers {aside}.',
  'storage.damagedLines':
    'Lignes endommagées dans {where} : {count} ; le fichier a été déplacé vers {aside}.',
  'storage.searchRebuilt': 'L’index de recherche a été reconstruit à partir des conversations ({>why}).',
  'storage.searchRebuilding':
    'L’index de recherche est en cours de reconstruction à partir des conversations ({>why}).',
  'storage.searchDamaged.format': 'pas d’index de recherche dans ce format',
  'storage.searchDamaged.interrupted':
    'l’index de recherche était en cours de mise à jour quand Glimpse s’est arrêté',
  'storage.searchDamaged.line': 'une ligne endommagée dans {where}',
  'storage.searchDamaged.missing': '{where} est manquant',
  'settings.unreadable':
    'Le fichier des réglages n’a pas pu être lu et a été déplacé vers {aside} ; les réglages par défaut sont utilisés.',
  'settings.keysUnreadable':
    'Les clés API enregistrées n’ont pas pu être lues ; le fichier a été déplacé vers {aside}.',
  'settings.newerFile':
    '{where} a été écrit par une version plus récente de Glimpse (version {version}) : les réglages par défaut sont utilisés et le fichier est conservé (une copie est faite avant tout enregistrement).',
  'settings.newerChanged':
    '{where} a été modifié par une version plus récente de Glimpse (version {version}) : les réglages en cours sont conservés, et le fichier est copié à part avant tout enregistrement.',
  'settings.invalidReset':
    'Certains réglages n’étaient pas valides (« {issues} ») et ont été remis par défaut{@aside}.',
  'settings.invalidReset.aside.*': ' ; le fichier d’origine est conservé sous {aside}',
  'settings.editedInvalid':
    '{where} a été modifié en dehors de Glimpse et n’est pas valide (« {issues} ») : les réglages en cours sont conservés, et le fichier modifié est copié à part avant tout enregistrement.',
  'settings.invalid': 'Réglages non enregistrés : « {issues} ».',
  'settings.proxyUrl':
    'L’URL du proxy doit avoir la forme http://utilisateur:motdepasse@hôte:port. Dans le nom d’utilisateur et le mot de passe, écrivez # / ? @ : sous la forme %23 %2F %3F %40 %3A.',
  'proxy.notUrl': 'Le réglage du proxy n’est pas une URL : écrivez-le sous la forme http://hôte:port.',
  'proxy.scheme':
    'Le proxy « {scheme}//… » n’est pas pris en charge : utilisez un proxy http:// ou https://.',
  'proxy.noHost': 'L’URL du proxy n’a pas d’hôte : écrivez-la sous la forme http://hôte:port.',
  'ipc.unknown': 'Requête inconnue.',
  'ipc.invalid': 'Requête invalide (« {detail} »).',
  'ipc.untrusted': 'Glimpse a refusé cette requête : elle ne vient pas de l’une de ses fenêtres.',
  'ipc.wrongWindow': 'Glimpse a refusé cette requête : cette fenêtre ne peut pas la faire.',
};

export const coreEn: CoreCatalog = {
  ...HTTP_EN,
  ...MORE_EN,
  // Connection (no HTTP answer)
  'chat.tls':
    "Secure connection to {host} failed ({detail}) — check the URL's scheme (http or https) and the server's certificate.",
  'chat.dns': 'Cannot find the server {host} ({detail}) — check the base URL and your network connection.',
  'chat.refused':
    'Nothing is listening at {host} (connection refused) — start the server or check the base URL and port.',
  'chat.connectTimeout':
    'Connecting to {host} timed out — check your network connection, proxy and the base URL.',
  'chat.unreachable':
    'Cannot reach {host} ({detail}) — check your network connection, proxy and the base URL.',
  'chat.timeout.connect':
    'No response from {host} within {seconds} s — check that the server is running and reachable, or raise the connect timeout.',
  'chat.timeout.firstByte':
    '{host} accepted the request but sent nothing for {seconds} s — the model may still be loading; try again or raise the first-byte timeout.',
  'chat.timeout.idle':
    'The answer from {host} stalled for {seconds} s — the partial answer is kept; try again or raise the idle timeout.',
  'chat.aborted': 'Stopped: the request was cancelled.',
  'chat.noAnswer': 'The server at {host} closed the connection without answering — try again.',
  'chat.broken':
    'The connection to {host} broke before the answer was complete{@why} — the partial answer is kept; try again.',
  'chat.broken.why.*': ' ({why})',
  'chat.cutShort':
    'The answer from {host} stopped before it was complete — the partial answer is kept; try again.',
  // Answers that are not OpenAI-compatible
  'chat.notStream':
    'The server at {host} did not answer with an OpenAI-compatible stream ("{text}") — check the base URL (it usually ends in /v1).',
  'chat.badJson':
    'The server at {host} sent malformed JSON ("{text}") — it may not be OpenAI-compatible; check the base URL.',
  'chat.notCompletion':
    'The server at {host} answered with JSON that is not a chat completion ("{text}") — check the base URL (it usually ends in /v1).',
  'chat.webPage':
    'The server at {host} answered with a web page{@title}, not an OpenAI-compatible API — check the base URL (it usually ends in /v1).',
  'chat.webPage.title.*': ' ("{title}")',
  'chat.modelsNotJson':
    'The server at {host} did not answer GET /models with JSON — check the base URL (it usually ends in /v1).',
  'chat.modelsNoList':
    'The server at {host} answered GET /models without a model list — type the model name instead.',
  'chat.streamError': 'The server at {host} reported an error{@code}: "{server}" — {@advice}.',
  'chat.streamError.code.*': ' ({code})',
  'chat.streamError.advice.partial': 'the partial answer is kept; try again',
  'chat.streamError.advice.request': 'try again, or check the model and the request',
  'chat.bodyError': 'The server at {host} answered with error {status}: "{server}" — {@advice}.',
  'chat.bodyError.advice.key': 'check the API key of this endpoint',
  'chat.bodyError.advice.modelAndUrl': 'check the model name and the base URL',
  'chat.bodyError.advice.tooLarge':
    'the image is too large for this server: lower the longest edge or send JPEG',
  'chat.bodyError.advice.retry': 'rate limited: wait a moment and try again',
  'chat.bodyError.advice.server': 'the server failed: try again later',
  'chat.bodyError.advice.rejected': 'the server rejected the request',
  'chat.invalidBaseUrl': 'Invalid base URL "{url}": {@why}.',
  'chat.invalidBaseUrl.why.empty': 'it is empty',
  'chat.invalidBaseUrl.why.scheme': 'only http and https URLs work',
  'chat.invalidBaseUrl.why.notUrl': 'it is not a URL',
  'chat.invalidBaseUrl.why.noHost': 'it has no host name',
  'chat.invalidBaseUrl.why.credentials':
    'it contains a user name or password; put the key in the API key field',
  'chat.invalidBaseUrl.why.*': '{why}',
  'chat.unexpected': 'The answer failed for an unexpected reason. Please try again.',
  // Capture, app, history, settings (UserFacingError codes)
  'capture.unavailable': 'Screen capture is not available here: drop, paste or pick an image instead.',
  'capture.regionUnavailable': 'Region capture is not available here: drop, paste or pick an image instead.',
  'capture.failed': 'The screen could not be captured. Please try again.',
  'capture.unexpected': 'Could not capture the screen. Please try again.',
  'capture.gone': 'That capture is no longer available. Capture the screen again.',
  'capture.macPermission':
    'Glimpse needs the Screen Recording permission to see your screen. If macOS has just asked, choose Open System Settings in its dialog; otherwise open System Settings › Privacy & Security › Screen Recording. Switch on Glimpse there, then quit and relaunch Glimpse: macOS applies the permission only after a relaunch.',
  'capture.waylandPortal':
    'The screen could not be captured. On Wayland, choose one screen in the sharing dialog (not a window or the whole workspace), or check that xdg-desktop-portal is running.',
  'capture.refused':
    'The screen could not be captured: the system refused to hand over the picture. Please try again; if it keeps failing, quit and relaunch Glimpse.',
  'sharpText.unneeded': 'This capture does not need sharp text: the model already reads it at full size.',
  'link.refused': 'Only web links (http or https) can be opened.',
  'link.unavailable': 'Links cannot be opened here.',
  'clipboard.unavailable': 'Copying is not available here.',
  'ocr.unavailable': 'Text extraction is not available here.',
  'app.unavailable': 'This is not available here.',
  'app.macOnly': 'System Settings can only be opened on macOS.',
  'chat.duplicate': 'That request is already running.',
  'chat.notConfigured': 'No endpoint is set up yet: open Settings and enter the base URL and the model.',
  'history.noDialog': 'There is no file dialog here: choose the file in the page.',
  'history.importCancelled': 'Import cancelled.',
  'history.exportCancelled': 'Export cancelled.',
  'history.unavailable': 'History is not available here.',
  'history.noImage': 'This conversation has no image to ask about.',
  'history.conversationGone': 'That conversation is no longer in the history.',
  'history.searchFailed': 'Search is not available: the history could not be read.',
  'history.imageGone': 'That image is no longer in the history.',
  'history.emptyTitle': 'A title cannot be empty.',
  'history.archiveUnreadable': '“{name}” could not be read. Nothing was imported.',
  'history.archiveTooLarge':
    '“{name}” is too large to import ({megabytes} MB; at most {max} MB). Nothing was imported.',
  'settings.noProfile': 'That profile does not exist.',
  'settings.lastProfile': 'The last profile cannot be deleted.',
  // Actions (issue 17)
  'action.unavailable': 'Actions cannot be run here.',
  'action.unknown': 'There is no action “{action}”.',
  'action.profileMissing':
    'The profile “{profile}” of the action “{action}” does not exist here: the active profile is used.',
  'action.import.unreadable': '“{name}” could not be read. Nothing was imported.',
  'action.import.tooLarge': '“{name}” is too large to be an actions file. Nothing was imported.',
  'action.import.notJson': '{@name} is not JSON. Nothing was imported.',
  'action.import.notJson.name.': 'The file',
  'action.import.notJson.name.*': '“{name}”',
  'action.import.invalid': '{@name} cannot be imported: {reason}. Nothing was imported.',
  'action.import.invalid.name.': 'The file',
  'action.import.invalid.name.*': '“{name}”',
  'action.import.tooMany':
    'Importing {count} actions would make more than {max}. Remove some first. Nothing was imported.',
  'action.import.renamedId':
    '“{action}”: an action with its id is already here; it was imported as a new one.',
  'action.import.profileMissing':
    '“{action}” used the profile “{profile}”, which is not here: it uses the active profile.',
  'action.import.hotkeyTaken': '“{action}”: its shortcut {hotkey} is already used here; it has none.',
  'capture.clipboardUnavailable':
    'The clipboard cannot be read here: paste the image into the panel instead.',
  'capture.clipboardEmpty':
    'There is no image on the clipboard: copy an image (or take a screenshot to the clipboard) and run the action again.',
  'capture.noDisplay': 'No display could be captured. Try again, or capture the whole screen instead.',
  'capture.emptyRegion':
    'The selected region is empty. Drag to select an area, or press Enter for the whole screen.',
  'capture.over': 'This capture is over (it was sent or cancelled). Press the shortcut again.',
  'privacy.pendingAsk':
    'The privacy shield has not finished reading this image, so it may have missed secrets. Ask again to send it without waiting.',
  'privacy.unreadAsk':
    'The privacy shield could not read this image, so nothing was checked for secrets. Ask again to send it anyway.',
  'privacy.pendingEnter':
    'The privacy shield has not finished reading your screen, so it may have missed secrets. Press Enter again to send without waiting for it.',
  'privacy.unreadEnter':
    'The privacy shield could not read your screen, so nothing was checked for secrets. Press Enter again to send anyway.',
  'web.disconnected': 'The web-mode server has stopped.',
  // IPC
  'ipc.internal': 'Something went wrong inside Glimpse. Please try again.',
  'ipc.unreachable':
    'Glimpse could not finish this: its main process did not answer. Try again, or restart Glimpse.',
  // Hotkey reasons (shared/accelerator.ts)
  'accelerator.empty': 'The shortcut is empty.',
  'accelerator.emptyPart': '"{text}" has an empty part.',
  'accelerator.notModifier': '"{part}" is not a modifier (use Ctrl, Alt, Shift, Cmd, Super).',
  'accelerator.twice': '"{part}" appears twice.',
  'accelerator.noKey': 'The shortcut needs a key after its modifiers.',
  'accelerator.unknownKey': '"{part}" is not a key Electron knows.',
  'accelerator.needsModifier':
    'A global shortcut needs Ctrl, Alt, Cmd or Super, or a function key: otherwise it would take that key from every app.',
};

export const coreFr: CoreCatalog = {
  ...HTTP_FR,
  ...MORE_FR,
  'chat.tls':
    'La connexion sécurisée à {host} a échoué ({detail}) — vérifiez le schéma de l’URL (http ou https) et le certificat du serveur.',
  'chat.dns': 'Serveur {host} introuvable ({detail}) — vérifiez l’URL de base et votre connexion réseau.',
  'chat.refused':
    'Rien n’écoute à {host} (connexion refusée) — démarrez le serveur ou vérifiez l’URL de base et le port.',
  'chat.connectTimeout':
    'La connexion à {host} a expiré — vérifiez votre connexion réseau, le proxy et l’URL de base.',
  'chat.unreachable':
    'Impossible de joindre {host} ({detail}) — vérifiez votre connexion réseau, le proxy et l’URL de base.',
  'chat.timeout.connect':
    'Aucune réponse de {host} en {seconds} s — vérifiez que le serveur tourne et est joignable, ou augmentez le délai de connexion.',
  'chat.timeout.firstByte':
    '{host} a accepté la requête mais n’a rien envoyé pendant {seconds} s — le modèle est peut-être encore en chargement ; réessayez ou augmentez le délai du premier octet.',
  'chat.timeout.idle':
    'La réponse de {host} s’est arrêtée pendant {seconds} s — la réponse partielle est conservée ; réessayez ou augmentez le délai d’inactivité.',
  'chat.aborted': 'Arrêté : la requête a été annulée.',
  'chat.noAnswer': 'Le serveur {host} a fermé la connexion sans répondre — réessayez.',
  'chat.broken':
    'La connexion à {host} a été coupée avant la fin de la réponse{@why} — la réponse partielle est conservée ; réessayez.',
  'chat.broken.why.*': ' ({why})',
  'chat.cutShort':
    'La réponse de {host} s’est arrêtée avant la fin — la réponse partielle est conservée ; réessayez.',
  'chat.notStream':
    'Le serveur {host} n’a pas répondu par un flux compatible OpenAI (« {text} ») — vérifiez l’URL de base (elle se termine souvent par /v1).',
  'chat.badJson':
    'Le serveur {host} a envoyé du JSON mal formé (« {text} ») — il n’est peut-être pas compatible OpenAI ; vérifiez l’URL de base.',
  'chat.notCompletion':
    'Le serveur {host} a répondu par du JSON qui n’est pas une réponse de chat (« {text} ») — vérifiez l’URL de base (elle se termine souvent par /v1).',
  'chat.webPage':
    'Le serveur {host} a répondu par une page web{@title}, pas par une API compatible OpenAI — vérifiez l’URL de base (elle se termine souvent par /v1).',
  'chat.webPage.title.*': ' (« {title} »)',
  'chat.modelsNotJson':
    'Le serveur {host} n’a pas répondu à GET /models en JSON — vérifiez l’URL de base (elle se termine souvent par /v1).',
  'chat.modelsNoList':
    'Le serveur {host} a répondu à GET /models sans liste de modèles — saisissez le nom du modèle.',
  'chat.streamError': 'Le serveur {host} a signalé une erreur{@code} : « {server} » — {@advice}.',
  'chat.streamError.code.*': ' ({code})',
  'chat.streamError.advice.partial': 'la réponse partielle est conservée ; réessayez',
  'chat.streamError.advice.request': 'réessayez, ou vérifiez le modèle et la requête',
  'chat.bodyError': 'Le serveur {host} a répondu par l’erreur {status} : « {server} » — {@advice}.',
  'chat.bodyError.advice.key': 'vérifiez la clé API de ce point d’accès',
  'chat.bodyError.advice.modelAndUrl': 'vérifiez le nom du modèle et l’URL de base',
  'chat.bodyError.advice.tooLarge':
    'l’image est trop grande pour ce serveur : réduisez le plus grand côté ou envoyez du JPEG',
  'chat.bodyError.advice.retry': 'limite de requêtes atteinte : patientez un instant puis réessayez',
  'chat.bodyError.advice.server': 'le serveur a échoué : réessayez plus tard',
  'chat.bodyError.advice.rejected': 'le serveur a refusé la requête',
  'chat.invalidBaseUrl': 'URL de base invalide « {url} » : {@why}.',
  'chat.invalidBaseUrl.why.empty': 'elle est vide',
  'chat.invalidBaseUrl.why.scheme': 'seules les URL http et https fonctionnent',
  'chat.invalidBaseUrl.why.notUrl': 'ce n’est pas une URL',
  'chat.invalidBaseUrl.why.noHost': 'elle n’a pas de nom d’hôte',
  'chat.invalidBaseUrl.why.credentials':
    'elle contient un nom d’utilisateur ou un mot de passe ; mettez la clé dans le champ Clé API',
  'chat.invalidBaseUrl.why.*': '{why}',
  'chat.unexpected': 'La réponse a échoué pour une raison inattendue. Veuillez réessayer.',
  'capture.unavailable':
    'La capture d’écran n’est pas disponible ici : déposez, collez ou choisissez plutôt une image.',
  'capture.regionUnavailable':
    'La capture d’une zone n’est pas disponible ici : déposez, collez ou choisissez plutôt une image.',
  'capture.failed': 'L’écran n’a pas pu être capturé. Veuillez réessayer.',
  'capture.unexpected': 'Impossible de capturer l’écran. Veuillez réessayer.',
  'capture.gone': 'Cette capture n’est plus disponible. Capturez l’écran à nouveau.',
  'capture.macPermission':
    'Glimpse a besoin de l’autorisation Enregistrement de l’écran pour voir votre écran. Si macOS vient de la demander, choisissez Ouvrir Réglages Système dans sa fenêtre ; sinon ouvrez Réglages Système › Confidentialité et sécurité › Enregistrement de l’écran. Activez Glimpse, puis quittez et relancez Glimpse : macOS n’applique l’autorisation qu’après une relance.',
  'capture.waylandPortal':
    'L’écran n’a pas pu être capturé. Sous Wayland, choisissez un écran dans la fenêtre de partage (pas une fenêtre ni tout l’espace de travail), ou vérifiez que xdg-desktop-portal est lancé.',
  'capture.refused':
    'L’écran n’a pas pu être capturé : le système a refusé de fournir l’image. Veuillez réessayer ; si cela persiste, quittez et relancez Glimpse.',
  'sharpText.unneeded':
    'Cette capture n’a pas besoin du texte net : le modèle la lit déjà en pleine résolution.',
  'link.refused': 'Seuls les liens web (http ou https) peuvent être ouverts.',
  'link.unavailable': 'Les liens ne peuvent pas être ouverts ici.',
  'clipboard.unavailable': 'La copie n’est pas disponible ici.',
  'ocr.unavailable': 'L’extraction du texte n’est pas disponible ici.',
  'app.unavailable': 'Ce n’est pas disponible ici.',
  'app.macOnly': 'Les Réglages Système ne s’ouvrent que sur macOS.',
  'chat.duplicate': 'Cette requête est déjà en cours.',
  'chat.notConfigured':
    'Aucun point d’accès n’est encore configuré : ouvrez les Réglages et saisissez l’URL de base et le modèle.',
  'history.noDialog': 'Pas de fenêtre de choix de fichier ici : choisissez le fichier dans la page.',
  'history.importCancelled': 'Importation annulée.',
  'history.exportCancelled': 'Exportation annulée.',
  'history.unavailable': 'L’historique n’est pas disponible ici.',
  'history.noImage': 'Cette conversation n’a pas d’image à interroger.',
  'history.conversationGone': 'Cette conversation n’est plus dans l’historique.',
  'history.searchFailed': 'La recherche n’est pas disponible : l’historique n’a pas pu être lu.',
  'history.imageGone': 'Cette image n’est plus dans l’historique.',
  'history.emptyTitle': 'Un titre ne peut pas être vide.',
  'history.archiveUnreadable': '« {name} » n’a pas pu être lu. Rien n’a été importé.',
  'history.archiveTooLarge':
    '« {name} » est trop volumineux pour être importé ({megabytes} Mo ; au plus {max} Mo). Rien n’a été importé.',
  'settings.noProfile': 'Ce profil n’existe pas.',
  'settings.lastProfile': 'Le dernier profil ne peut pas être supprimé.',
  'action.unavailable': 'Les actions ne peuvent pas être lancées ici.',
  'action.unknown': 'Il n’y a pas d’action « {action} ».',
  'action.profileMissing':
    'Le profil « {profile} » de l’action « {action} » n’existe pas ici : le profil actif est utilisé.',
  'action.import.unreadable': '« {name} » n’a pas pu être lu. Rien n’a été importé.',
  'action.import.tooLarge':
    '« {name} » est trop volumineux pour être un fichier d’actions. Rien n’a été importé.',
  'action.import.notJson': '{@name} n’est pas du JSON. Rien n’a été importé.',
  'action.import.notJson.name.': 'Le fichier',
  'action.import.notJson.name.*': '« {name} »',
  'action.import.invalid': '{@name} ne peut pas être importé : {reason}. Rien n’a été importé.',
  'action.import.invalid.name.': 'Le fichier',
  'action.import.invalid.name.*': '« {name} »',
  'action.import.tooMany':
    'Importer {count} actions en ferait plus de {max}. Supprimez-en d’abord. Rien n’a été importé.',
  'action.import.renamedId':
    '« {action} » : une action avec son identifiant existe déjà ; elle a été importée comme une nouvelle.',
  'action.import.profileMissing':
    '« {action} » utilisait le profil « {profile} », absent ici : elle utilise le profil actif.',
  'action.import.hotkeyTaken': '« {action} » : son raccourci {hotkey} est déjà pris ici ; elle n’en a plus.',
  'capture.clipboardUnavailable':
    'Le presse-papiers ne peut pas être lu ici : collez plutôt l’image dans le panneau.',
  'capture.clipboardEmpty':
    'Il n’y a pas d’image dans le presse-papiers : copiez une image (ou faites une capture vers le presse-papiers) et relancez l’action.',
  'capture.noDisplay': 'Aucun écran n’a pu être capturé. Réessayez, ou capturez plutôt tout l’écran.',
  'capture.emptyRegion':
    'La zone sélectionnée est vide. Faites glisser pour sélectionner une zone, ou appuyez sur Entrée pour tout l’écran.',
  'capture.over': 'Cette capture est terminée (envoyée ou annulée). Appuyez de nouveau sur le raccourci.',
  'privacy.pendingAsk':
    'Le bouclier de confidentialité n’a pas fini de lire cette image : il a pu manquer des secrets. Demandez de nouveau pour l’envoyer sans attendre.',
  'privacy.unreadAsk':
    'Le bouclier de confidentialité n’a pas pu lire cette image : aucun secret n’a été recherché. Demandez de nouveau pour l’envoyer quand même.',
  'privacy.pendingEnter':
    'Le bouclier de confidentialité n’a pas fini de lire votre écran : il a pu manquer des secrets. Appuyez de nouveau sur Entrée pour envoyer sans l’attendre.',
  'privacy.unreadEnter':
    'Le bouclier de confidentialité n’a pas pu lire votre écran : aucun secret n’a été recherché. Appuyez de nouveau sur Entrée pour envoyer quand même.',
  'web.disconnected': 'Le serveur du mode web s’est arrêté.',
  'ipc.internal': 'Un problème est survenu dans Glimpse. Veuillez réessayer.',
  'ipc.unreachable':
    'Glimpse n’a pas pu terminer : son processus principal n’a pas répondu. Réessayez ou redémarrez Glimpse.',
  'accelerator.empty': 'Le raccourci est vide.',
  'accelerator.emptyPart': '« {text} » a une partie vide.',
  'accelerator.notModifier':
    '« {part} » n’est pas une touche de modification (utilisez Ctrl, Alt, Maj, Cmd, Super).',
  'accelerator.twice': '« {part} » apparaît deux fois.',
  'accelerator.noKey': 'Le raccourci doit avoir une touche après ses touches de modification.',
  'accelerator.unknownKey': '« {part} » n’est pas une touche qu’Electron connaît.',
  'accelerator.needsModifier':
    'Un raccourci global a besoin de Ctrl, Alt, Cmd ou Super, ou d’une touche de fonction : sinon il prendrait cette touche à toutes les applications.',
};

export const CORE_CATALOGS: Readonly<Record<string, CoreCatalog>> = { en: coreEn, fr: coreFr };

export interface Formatters {
  number(value: number): string;
  duration(ms: number): string;
  bytes(value: number): string;
  list(items: readonly string[]): string;
}

/** What the core itself writes (its English sentences), for tests and pages without Intl. */
const PLAIN: Formatters = {
  number: (value) => String(value),
  duration: (ms) => {
    const s = Math.max(1, Math.ceil(ms / 1000));
    return s >= 120 ? `${Math.ceil(s / 60)} min` : `${s} s`;
  },
  // As electron/core/image/pipeline.ts writes sizes.
  bytes: (value) =>
    value < 1024
      ? `${value} bytes`
      : value < 1024 * 1024
        ? `${(value / 1024).toFixed(1)} KB`
        : `${(value / 1024 / 1024).toFixed(1)} MB`,
  list: (items) =>
    items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`,
};

function fill(
  catalog: CoreCatalog,
  code: string,
  template: string,
  fields: MessageFields,
  format: Formatters,
  depth: number,
  missing: string[],
): string {
  return template.replace(/\{([@>]?)(\w+)\}/g, (whole, mark: string, name: string) => {
    const value = fields[name];
    if (mark === '@') {
      if (value === undefined || depth > 2) return '';
      const sub = catalog[`${code}.${name}.${String(value)}`] ?? catalog[`${code}.${name}.*`];
      return sub === undefined ? '' : fill(catalog, code, sub, fields, format, depth + 1, missing);
    }
    if (mark === '>') {
      const inner = value === undefined || depth > 2 ? undefined : catalog[String(value)];
      if (inner === undefined) {
        missing.push(name);
        return whole;
      }
      return fill(catalog, String(value), inner, fields, format, depth + 1, missing);
    }
    if (value === undefined) {
      missing.push(name);
      return whole;
    }
    if (typeof value === 'number') {
      // Status codes, ports and years are names, not quantities: no grouping separators.
      if (name.endsWith('Ms')) return format.duration(value);
      if (name === 'bytes' || name.endsWith('Bytes')) return format.bytes(value);
      return name === 'status' ? String(value) : format.number(value);
    }
    if (name.endsWith('List')) {
      const items = value.split(',').filter((item) => item !== '');
      return format.list(items.map((item) => catalog[`${code}.${name}.${item}`] ?? item));
    }
    return value;
  });
}

/**
 * A core message in the catalog's language; the core's own `message` when the catalog has no
 * entry for its code (or it carries none), or a field the template needs is missing.
 */
export function wordCoreMessage(m: CoreMessage, catalog: CoreCatalog, format: Formatters = PLAIN): string {
  if (!m.code) return m.message;
  const template = catalog[m.code];
  if (template === undefined) return m.message;
  const fields = m.fields ?? {};
  const missing: string[] = [];
  const text = fill(catalog, m.code, template, fields, format, 0, missing);
  // The core sent fewer fields than the catalog expects: its own sentence is the honest one.
  return missing.length > 0 ? m.message : text;
}
