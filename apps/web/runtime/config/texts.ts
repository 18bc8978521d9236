/**
 * The runtime's own words (not the blueprint's labels, which the founder wrote), in the
 * languages the planner writes apps in. English is the reference: every other language
 * must give every entry, which the type enforces. An app's locale picks the language by
 * its first subtag ("pt-BR" → Portuguese); any other language falls back to English.
 */

const en = {
  loading: "Loading…",
  couldNotLoad: "This could not be loaded",
  retry: "Retry",
  appStopped: "This app was stopped; try again once its owner starts it.",
  notAllowed: "Your role is not allowed to see this.",
  unreachable: "The app's server could not be reached. Check your connection, then retry.",
  loadFailed: "The data could not be loaded.",
  openMenu: "Open menu",
  closeMenu: "Close menu",
  signOut: "Sign out",
  skipToContent: "Skip to content",
  stoppingTitle: "This app is being stopped by its owner",
  stoppingBody: "Save your work: what you typed stays in the form, but it cannot be saved until the app runs again.",
  yes: "Yes",
  no: "No",
  cancel: "Cancel",
  delete: "Delete",
  deleteTitle: (what: string) => `Delete ${what}?`,
  thisRecord: "this record",
  cannotUndo: "This cannot be undone.",
  checkingReferences: "Checking what points to it…",
  referencesBlock: (count: number, table: string) =>
    `${count} ${table} ${count === 1 ? "points" : "point"} to it, so it cannot be deleted. Delete or move ${count === 1 ? "that record" : "those records"} first.`,
  referencesClear: (count: number, table: string) =>
    `${count} ${table} ${count === 1 ? "points" : "point"} to it; ${count === 1 ? "its link" : "their links"} will be cleared.`,
  referencesCascade: (count: number, table: string) =>
    `${count} ${table} ${count === 1 ? "belongs" : "belong"} to it and will be deleted too.`,
  required: (label: string) => `${label} is required.`,
  mustBeNumber: (label: string) => `${label} must be a number.`,
  wrongDecimal: (label: string, example: string) => `${label}: write decimals like ${example}.`,
  mustBeWhole: (label: string) => `${label} must be a whole number.`,
  atLeast: (label: string, min: string) => `${label} must be at least ${min}.`,
  atMost: (label: string, max: string) => `${label} must be at most ${max}.`,
  kanbanMoveHint:
    "To move a card with the keyboard, focus it, press space, use the arrow keys to choose a column, then press space again.",
};

export type Texts = typeof en;

const es: Texts = {
  loading: "Cargando…",
  couldNotLoad: "No se pudo cargar",
  retry: "Reintentar",
  appStopped: "Esta app está detenida; inténtalo de nuevo cuando su propietario la inicie.",
  notAllowed: "Tu rol no puede ver esto.",
  unreachable: "No se pudo contactar con el servidor de la app. Revisa tu conexión y reintenta.",
  loadFailed: "No se pudieron cargar los datos.",
  openMenu: "Abrir menú",
  closeMenu: "Cerrar menú",
  signOut: "Cerrar sesión",
  skipToContent: "Saltar al contenido",
  stoppingTitle: "Su propietario está deteniendo esta app",
  stoppingBody:
    "Guarda tu trabajo: lo que escribiste sigue en el formulario, pero no se podrá guardar hasta que la app vuelva a funcionar.",
  yes: "Sí",
  no: "No",
  cancel: "Cancelar",
  delete: "Eliminar",
  deleteTitle: (what) => `¿Eliminar ${what}?`,
  thisRecord: "este registro",
  cannotUndo: "Esta acción no se puede deshacer.",
  checkingReferences: "Comprobando qué lo referencia…",
  referencesBlock: (count, table) =>
    `${count} ${table} lo referencian, así que no se puede eliminar. Elimina o mueve esos registros primero.`,
  referencesClear: (count, table) => `${count} ${table} lo referencian; su enlace se borrará.`,
  referencesCascade: (count, table) => `${count} ${table} le pertenecen y también se eliminarán.`,
  required: (label) => `${label} es obligatorio.`,
  mustBeNumber: (label) => `${label} debe ser un número.`,
  wrongDecimal: (label, example) => `${label}: escribe los decimales así: ${example}.`,
  mustBeWhole: (label) => `${label} debe ser un número entero.`,
  atLeast: (label, min) => `${label} debe ser al menos ${min}.`,
  atMost: (label, max) => `${label} debe ser como máximo ${max}.`,
  kanbanMoveHint:
    "Para mover una tarjeta con el teclado, enfócala, pulsa espacio, elige la columna con las flechas y pulsa espacio otra vez.",
};

const fr: Texts = {
  loading: "Chargement…",
  couldNotLoad: "Le chargement a échoué",
  retry: "Réessayer",
  appStopped: "Cette app est arrêtée ; réessayez quand son propriétaire l'aura relancée.",
  notAllowed: "Votre rôle ne permet pas de voir ceci.",
  unreachable: "Le serveur de l'app est injoignable. Vérifiez votre connexion, puis réessayez.",
  loadFailed: "Les données n'ont pas pu être chargées.",
  openMenu: "Ouvrir le menu",
  closeMenu: "Fermer le menu",
  signOut: "Se déconnecter",
  skipToContent: "Aller au contenu",
  stoppingTitle: "Le propriétaire arrête cette app",
  stoppingBody:
    "Mettez votre travail de côté : ce que vous avez saisi reste dans le formulaire, mais ne pourra être enregistré qu'une fois l'app relancée.",
  yes: "Oui",
  no: "Non",
  cancel: "Annuler",
  delete: "Supprimer",
  deleteTitle: (what) => `Supprimer ${what} ?`,
  thisRecord: "cet enregistrement",
  cannotUndo: "Cette action est irréversible.",
  checkingReferences: "Recherche de ce qui y fait référence…",
  referencesBlock: (count, table) =>
    `${count} ${table} y font référence, il ne peut donc pas être supprimé. Supprimez ou déplacez-les d'abord.`,
  referencesClear: (count, table) => `${count} ${table} y font référence ; leur lien sera effacé.`,
  referencesCascade: (count, table) => `${count} ${table} en dépendent et seront supprimés aussi.`,
  required: (label) => `${label} est obligatoire.`,
  mustBeNumber: (label) => `${label} doit être un nombre.`,
  wrongDecimal: (label, example) => `${label} : écrivez les décimales ainsi : ${example}.`,
  mustBeWhole: (label) => `${label} doit être un nombre entier.`,
  atLeast: (label, min) => `${label} doit être au moins ${min}.`,
  atMost: (label, max) => `${label} doit être au plus ${max}.`,
  kanbanMoveHint:
    "Pour déplacer une carte au clavier, sélectionnez-la, appuyez sur espace, choisissez la colonne avec les flèches, puis appuyez de nouveau sur espace.",
};

const de: Texts = {
  loading: "Wird geladen…",
  couldNotLoad: "Laden fehlgeschlagen",
  retry: "Erneut versuchen",
  appStopped: "Diese App ist angehalten; versuchen Sie es erneut, sobald der Eigentümer sie startet.",
  notAllowed: "Ihre Rolle darf dies nicht sehen.",
  unreachable: "Der Server der App ist nicht erreichbar. Prüfen Sie Ihre Verbindung und versuchen Sie es erneut.",
  loadFailed: "Die Daten konnten nicht geladen werden.",
  openMenu: "Menü öffnen",
  closeMenu: "Menü schließen",
  signOut: "Abmelden",
  skipToContent: "Zum Inhalt springen",
  stoppingTitle: "Der Eigentümer hält diese App gerade an",
  stoppingBody:
    "Sichern Sie Ihre Arbeit: Ihre Eingaben bleiben im Formular, können aber erst gespeichert werden, wenn die App wieder läuft.",
  yes: "Ja",
  no: "Nein",
  cancel: "Abbrechen",
  delete: "Löschen",
  deleteTitle: (what) => `${what} löschen?`,
  thisRecord: "Diesen Eintrag",
  cannotUndo: "Dies kann nicht rückgängig gemacht werden.",
  checkingReferences: "Verweise werden geprüft…",
  referencesBlock: (count, table) =>
    `${count} ${table} verweisen darauf, daher kann es nicht gelöscht werden. Löschen oder verschieben Sie diese zuerst.`,
  referencesClear: (count, table) => `${count} ${table} verweisen darauf; ihr Verweis wird geleert.`,
  referencesCascade: (count, table) => `${count} ${table} gehören dazu und werden ebenfalls gelöscht.`,
  required: (label) => `${label} ist erforderlich.`,
  mustBeNumber: (label) => `${label} muss eine Zahl sein.`,
  wrongDecimal: (label, example) => `${label}: Dezimalzahlen so schreiben: ${example}.`,
  mustBeWhole: (label) => `${label} muss eine ganze Zahl sein.`,
  atLeast: (label, min) => `${label} muss mindestens ${min} sein.`,
  atMost: (label, max) => `${label} darf höchstens ${max} sein.`,
  kanbanMoveHint:
    "Um eine Karte per Tastatur zu verschieben: Karte fokussieren, Leertaste drücken, Spalte mit den Pfeiltasten wählen, erneut Leertaste drücken.",
};

const pt: Texts = {
  loading: "Carregando…",
  couldNotLoad: "Não foi possível carregar",
  retry: "Tentar novamente",
  appStopped: "Este app está parado; tente de novo quando o proprietário iniciá-lo.",
  notAllowed: "Seu papel não permite ver isto.",
  unreachable: "Não foi possível contatar o servidor do app. Verifique sua conexão e tente novamente.",
  loadFailed: "Não foi possível carregar os dados.",
  openMenu: "Abrir menu",
  closeMenu: "Fechar menu",
  signOut: "Sair",
  skipToContent: "Pular para o conteúdo",
  stoppingTitle: "O proprietário está parando este app",
  stoppingBody:
    "Guarde seu trabalho: o que você digitou continua no formulário, mas só poderá ser salvo quando o app voltar a funcionar.",
  yes: "Sim",
  no: "Não",
  cancel: "Cancelar",
  delete: "Excluir",
  deleteTitle: (what) => `Excluir ${what}?`,
  thisRecord: "este registro",
  cannotUndo: "Esta ação não pode ser desfeita.",
  checkingReferences: "Verificando o que aponta para ele…",
  referencesBlock: (count, table) =>
    `${count} ${table} apontam para ele, então não pode ser excluído. Exclua ou mova esses registros primeiro.`,
  referencesClear: (count, table) => `${count} ${table} apontam para ele; o vínculo deles será apagado.`,
  referencesCascade: (count, table) => `${count} ${table} pertencem a ele e também serão excluídos.`,
  required: (label) => `${label} é obrigatório.`,
  mustBeNumber: (label) => `${label} deve ser um número.`,
  wrongDecimal: (label, example) => `${label}: escreva os decimais assim: ${example}.`,
  mustBeWhole: (label) => `${label} deve ser um número inteiro.`,
  atLeast: (label, min) => `${label} deve ser pelo menos ${min}.`,
  atMost: (label, max) => `${label} deve ser no máximo ${max}.`,
  kanbanMoveHint:
    "Para mover um cartão pelo teclado, foque-o, pressione espaço, escolha a coluna com as setas e pressione espaço de novo.",
};

const LANGUAGES: Record<string, Texts> = { en, es, fr, de, pt };

export function textsFor(locale: string): Texts {
  return LANGUAGES[locale.split("-")[0]?.toLowerCase() ?? "en"] ?? en;
}
