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
  'chat.http.body.message': ' : « {server} »',
  'chat.http.body.html': ' (une page HTML, pas une réponse d’API)',
  'chat.http.body.none': ' (sans message)',
  'chat.http.advice.key': 'vérifiez la clé API de ce point d’accès',
  'chat.http.advice.keyModel': 'vérifiez la clé API et qu’elle donne accès à ce modèle',
  'chat.http.advice.modelsList': 'ce serveur ne liste pas ses modèles : saisissez le nom du modèle',
  'chat.http.advice.model': 'vérifiez le nom du modèle (« {model} »)',
  'chat.http.advice.baseUrl': 'vérifiez l’URL de base : elle se termine souvent par /v1',
  'chat.http.advice.modelOrUrl': 'vérifiez le nom du modèle (« {model} ») et l’URL de base',
  'chat.http.advice.modelAndUrl': 'vérifiez le nom du modèle et l’URL de base',
  'chat.http.advice.tooLarge':
    'l’image est trop grande pour ce serveur : réduisez le plus grand côté ou envoyez du JPEG',
  'chat.http.advice.quota':
    'le compte n’a plus de quota ni de crédit : vérifiez son forfait et sa facturation',
  'chat.http.advice.retryIn': 'limite de requêtes atteinte : réessayez dans {retryMs}',
  'chat.http.advice.retry': 'limite de requêtes atteinte : patientez un instant puis réessayez',
  'chat.http.advice.timeout': 'le serveur a mis trop de temps à répondre : réessayez',
  'chat.http.advice.server': 'le serveur a échoué : réessayez plus tard',
  'chat.http.advice.noCredit': 'le compte n’a plus de crédit : ajoutez du crédit puis réessayez',
  'chat.http.advice.noVision': 'ce modèle n’accepte pas les images : choisissez un modèle de vision',
  'chat.http.advice.rejected': 'le serveur a refusé la requête',
};

export const coreEn: CoreCatalog = {
  ...HTTP_EN,
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
    '{host} a accepté la requête mais n’a rien envoyé pendant {seconds} s — le modèle est peut-être encore en chargement ; réessayez ou augmentez le délai du premier octet.',
  'chat.timeout.idle':
    'La réponse de {host} s’est arrêtée pendant {seconds} s — la réponse partielle est conservée ; réessayez ou augmentez le délai d’inactivité.',
  'chat.aborted': 'Arrêté : la requête a été annulée.',
  'chat.noAnswer': 'Le serveur {host} a fermé la connexion sans répondre — réessayez.',
  'chat.broken':
    'La connexion à {host} a été coupée avant la fin de la réponse{@why} — la réponse partielle est conservée ; réessayez.',
  'chat.broken.why.*': ' ({why})',
  'chat.cutShort':
    'La réponse de {host} s’est arrêtée avant la fin — la réponse partielle est conservée ; réessayez.',
  'chat.notStream':
    'Le serveur {host} n’a pas répondu par un flux compatible OpenAI (« {text} ») — vérifiez l’URL de base (elle se termine souvent par /v1).',
  'chat.badJson':
    'Le serveur {host} a envoyé du JSON mal formé (« {text} ») — il n’est peut-être pas compatible OpenAI ; vérifiez l’URL de base.',
  'chat.notCompletion':
    'Le serveur {host} a répondu par du JSON qui n’est pas une réponse de chat (« {text} ») — vérifiez l’URL de base (elle se termine souvent par /v1).',
  'chat.webPage':
    'Le serveur {host} a répondu par une page web{@title}, pas par une API compatible OpenAI — vérifiez l’URL de base (elle se termine souvent par /v1).',
  'chat.webPage.title.*': ' (« {title} »)',
  'chat.modelsNotJson':
    'Le serveur {host} n’a pas répondu à GET /models en JSON — vérifiez l’URL de base (elle se termine souvent par /v1).',
  'chat.modelsNoList':
    'Le serveur {host} a répondu à GET /models sans liste de modèles — saisissez le nom du modèle.',
  'chat.streamError': 'Le serveur {host} a signalé une erreur{@code} : « {server} » — {@advice}.',
  'chat.streamError.code.*': ' ({code})',
  'chat.streamError.advice.partial': 'la réponse partielle est conservée ; réessayez',
  'chat.streamError.advice.request': 'réessayez, ou vérifiez le modèle et la requête',
  'chat.bodyError': 'Le serveur {host} a répondu par l’erreur {status} : « {server} » — {@advice}.',
  'chat.bodyError.advice.key': 'vérifiez la clé API de ce point d’accès',
  'chat.bodyError.advice.modelAndUrl': 'vérifiez le nom du modèle et l’URL de base',
  'chat.bodyError.advice.tooLarge':
    'l’image est trop grande pour ce serveur : réduisez le plus grand côté ou envoyez du JPEG',
  'chat.bodyError.advice.retry': 'limite de requêtes atteinte : patientez un instant puis réessayez',
  'chat.bodyError.advice.server': 'le serveur a échoué : réessayez plus tard',
  'chat.bodyError.advice.rejected': 'le serveur a refusé la requête',
  'chat.invalidBaseUrl': 'URL de base invalide « {url} » : {@why}.',
  'chat.invalidBaseUrl.why.empty': 'elle est vide',
  'chat.invalidBaseUrl.why.scheme': 'seules les URL http et https fonctionnent',
  'chat.invalidBaseUrl.why.notUrl': 'ce n’est pas une URL',
  'chat.invalidBaseUrl.why.noHost': 'elle n’a pas de nom d’hôte',
  'chat.invalidBaseUrl.why.credentials':
    'elle contient un nom d’utilisateur ou un mot de passe ; mettez la clé dans le champ Clé API',
  'chat.invalidBaseUrl.why.*': '{why}',
  'chat.unexpected': 'La réponse a échoué pour une raison inattendue. Veuillez réessayer.',
  'capture.unavailable':
    'La capture d’écran n’est pas disponible ici : déposez, collez ou choisissez plutôt une image.',
  'capture.regionUnavailable':
    'La capture d’une zone n’est pas disponible ici : déposez, collez ou choisissez plutôt une image.',
  'capture.failed': 'L’écran n’a pas pu être capturé. Veuillez réessayer.',
  'capture.unexpected': 'Impossible de capturer l’écran. Veuillez réessayer.',
  'capture.gone': 'Cette capture n’est plus disponible. Capturez l’écran à nouveau.',
  'capture.macPermission':
    'Glimpse a besoin de l’autorisation Enregistrement de l’écran pour voir votre écran. Si macOS vient de la demander, choisissez Ouvrir Réglages Système dans sa fenêtre ; sinon ouvrez Réglages Système › Confidentialité et sécurité › Enregistrement de l’écran. Activez Glimpse, puis quittez et relancez Glimpse : macOS n’applique l’autorisation qu’après une relance.',
  'capture.waylandPortal':
    'L’écran n’a pas pu être capturé. Sous Wayland, choisissez un écran dans la fenêtre de partage (pas une fenêtre ni tout l’espace de travail), ou vérifiez que xdg-desktop-portal est lancé.',
  'capture.refused':
    'L’écran n’a pas pu être capturé : le système a refusé de fournir l’image. Veuillez réessayer ; si cela persiste, quittez et relancez Glimpse.',
  'sharpText.unneeded':
    'Cette capture n’a pas besoin du texte net : le modèle la lit déjà en pleine résolution.',
  'link.refused': 'Seuls les liens web (http ou https) peuvent être ouverts.',
  'link.unavailable': 'Les liens ne peuvent pas être ouverts ici.',
  'clipboard.unavailable': 'La copie n’est pas disponible ici.',
  'ocr.unavailable': 'L’extraction du texte n’est pas disponible ici.',
  'app.unavailable': 'Ce n’est pas disponible ici.',
  'app.macOnly': 'Les Réglages Système ne s’ouvrent que sur macOS.',
  'chat.duplicate': 'Cette requête est déjà en cours.',
  'chat.notConfigured':
    'Aucun point d’accès n’est encore configuré : ouvrez les Réglages et saisissez l’URL de base et le modèle.',
  'history.noDialog': 'Pas de fenêtre de choix de fichier ici : choisissez le fichier dans la page.',
  'history.importCancelled': 'Importation annulée.',
  'history.exportCancelled': 'Exportation annulée.',
  'history.unavailable': 'L’historique n’est pas disponible ici.',
  'history.noImage': 'Cette conversation n’a pas d’image à interroger.',
  'history.conversationGone': 'Cette conversation n’est plus dans l’historique.',
  'history.searchFailed': 'La recherche n’est pas disponible : l’historique n’a pas pu être lu.',
  'history.imageGone': 'Cette image n’est plus dans l’historique.',
  'history.emptyTitle': 'Un titre ne peut pas être vide.',
  'history.archiveUnreadable': '« {name} » n’a pas pu être lu. Rien n’a été importé.',
  'history.archiveTooLarge':
    '« {name} » est trop volumineux pour être importé ({megabytes} Mo ; au plus {max} Mo). Rien n’a été importé.',
  'settings.noProfile': 'Ce profil n’existe pas.',
  'settings.lastProfile': 'Le dernier profil ne peut pas être supprimé.',
  'action.unavailable': 'Les actions ne peuvent pas être lancées ici.',
  'action.unknown': 'Il n’y a pas d’action « {action} ».',
  'action.profileMissing':
    'Le profil « {profile} » de l’action « {action} » n’existe pas ici : le profil actif est utilisé.',
  'action.import.unreadable': '« {name} » n’a pas pu être lu. Rien n’a été importé.',
  'action.import.tooLarge':
    '« {name} » est trop volumineux pour être un fichier d’actions. Rien n’a été importé.',
  'action.import.notJson': '{@name} n’est pas du JSON. Rien n’a été importé.',
  'action.import.notJson.name.': 'Le fichier',
  'action.import.notJson.name.*': '« {name} »',
  'action.import.invalid': '{@name} ne peut pas être importé : {reason}. Rien n’a été importé.',
  'action.import.invalid.name.': 'Le fichier',
  'action.import.invalid.name.*': '« {name} »',
  'action.import.tooMany':
    'Importer {count} actions en ferait plus de {max}. Supprimez-en d’abord. Rien n’a été importé.',
  'action.import.renamedId':
    '« {action} » : une action avec son identifiant existe déjà ; elle a été importée comme une nouvelle.',
  'action.import.profileMissing':
    '« {action} » utilisait le profil « {profile} », absent ici : elle utilise le profil actif.',
  'action.import.hotkeyTaken': '« {action} » : son raccourci {hotkey} est déjà pris ici ; elle n’en a plus.',
  'capture.clipboardUnavailable':
    'Le presse-papiers ne peut pas être lu ici : collez plutôt l’image dans le panneau.',
  'capture.clipboardEmpty':
    'Il n’y a pas d’image dans le presse-papiers : copiez une image (ou faites une capture vers le presse-papiers) et relancez l’action.',
  'capture.noDisplay': 'Aucun écran n’a pu être capturé. Réessayez, ou capturez plutôt tout l’écran.',
  'capture.emptyRegion':
    'La zone sélectionnée est vide. Faites glisser pour sélectionner une zone, ou appuyez sur Entrée pour tout l’écran.',
  'capture.over': 'Cette capture est terminée (envoyée ou annulée). Appuyez de nouveau sur le raccourci.',
  'privacy.pendingAsk':
    'Le bouclier de confidentialité n’a pas fini de lire cette image : il a pu manquer des secrets. Demandez de nouveau pour l’envoyer sans attendre.',
  'privacy.unreadAsk':
    'Le bouclier de confidentialité n’a pas pu lire cette image : aucun secret n’a été recherché. Demandez de nouveau pour l’envoyer quand même.',
  'privacy.pendingEnter':
    'Le bouclier de confidentialité n’a pas fini de lire votre écran : il a pu manquer des secrets. Appuyez de nouveau sur Entrée pour envoyer sans l’attendre.',
  'privacy.unreadEnter':
    'Le bouclier de confidentialité n’a pas pu lire votre écran : aucun secret n’a été recherché. Appuyez de nouveau sur Entrée pour envoyer quand même.',
  'web.disconnected': 'Le serveur du mode web s’est arrêté.',
  'ipc.internal': 'Un problème est survenu dans Glimpse. Veuillez réessayer.',
  'ipc.unreachable':
    'Glimpse n’a pas pu terminer : son processus principal n’a pas répondu. Réessayez ou redémarrez Glimpse.',
  'accelerator.empty': 'Le raccourci est vide.',
  'accelerator.emptyPart': '« {text} » a une partie vide.',
  'accelerator.notModifier':
    '« {part} » n’est pas une touche de modification (utilisez Ctrl, Alt, Maj, Cmd, Super).',
  'accelerator.twice': '« {part} » apparaît deux fois.',
  'accelerator.noKey': 'Le raccourci doit avoir une touche après ses touches de modification.',
  'accelerator.unknownKey': '« {part} » n’est pas une touche qu’Electron connaît.',
  'accelerator.needsModifier':
    'Un raccourci global a besoin de Ctrl, Alt, Cmd ou Super, ou d’une touche de fonction : sinon il prendrait cette touche à toutes les applications.',
};

export const CORE_CATALOGS: Readonly<Record<string, CoreCatalog>> = { en: coreEn, fr: coreFr };

export interface Formatters {
  number(value: number): string;
  duration(ms: number): string;
}

const PLAIN: Formatters = {
  number: (value) => String(value),
  duration: (ms) => {
    const s = Math.max(1, Math.ceil(ms / 1000));
    return s >= 120 ? `${Math.ceil(s / 60)} min` : `${s} s`;
  },
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
  return template.replace(/\{(@?)(\w+)\}/g, (whole, at: string, name: string) => {
    const value = fields[name];
    if (at) {
      if (value === undefined || depth > 2) return '';
      const sub = catalog[`${code}.${name}.${String(value)}`] ?? catalog[`${code}.${name}.*`];
      return sub === undefined ? '' : fill(catalog, code, sub, fields, format, depth + 1, missing);
    }
    if (value === undefined) {
      missing.push(name);
      return whole;
    }
    if (typeof value === 'number') {
      // Status codes, ports and years are names, not quantities: no grouping separators.
      if (name.endsWith('Ms')) return format.duration(value);
      return name === 'status' ? String(value) : format.number(value);
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
