/* lang_fr: French words for the detectors (see struct detect_lang). */
#include "config.h"

#include "detect_int.h"

/* Compounds are read from their parts: "soixante-dix-huit" is soixante (6
 * tens) then dix-huit (18), 78; "quatre-vingt-dix" is quatrevingt (8 tens)
 * then dix, 90 (detect_phone.c joins a tens word and a teen). */
static const struct lang_number numbers[] = {
	{ "zero", NUM_DIGIT, 0 }, { "un", NUM_ARTICLE, 1 }, { "une", NUM_ARTICLE, 1 },
	{ "deux", NUM_DIGIT, 2 }, { "trois", NUM_DIGIT, 3 }, { "quatre", NUM_DIGIT, 4 },
	{ "cinq", NUM_DIGIT, 5 }, { "six", NUM_DIGIT, 6 }, { "sept", NUM_DIGIT, 7 },
	{ "huit", NUM_DIGIT, 8 }, { "neuf", NUM_DIGIT, 9 },
	{ "dix", NUM_TEEN, 10 }, { "onze", NUM_TEEN, 11 }, { "douze", NUM_TEEN, 12 },
	{ "treize", NUM_TEEN, 13 }, { "quatorze", NUM_TEEN, 14 }, { "quinze", NUM_TEEN, 15 },
	{ "seize", NUM_TEEN, 16 }, { "dixsept", NUM_TEEN, 17 }, { "dixhuit", NUM_TEEN, 18 },
	{ "dixneuf", NUM_TEEN, 19 },
	{ "vingt", NUM_TENS, 2 }, { "vingts", NUM_TENS, 2 }, { "trente", NUM_TENS, 3 },
	{ "quarante", NUM_TENS, 4 }, { "cinquante", NUM_TENS, 5 }, { "soixante", NUM_TENS, 6 },
	{ "septante", NUM_TENS, 7 }, { "huitante", NUM_TENS, 8 }, { "octante", NUM_TENS, 8 },
	{ "nonante", NUM_TENS, 9 }, { "quatrevingt", NUM_TENS, 8 },
	{ "quatrevingts", NUM_TENS, 8 },
	{ "double", NUM_REPEAT, 1 }, { "triple", NUM_REPEAT, 2 },
	{ "cent", NUM_HUNDRED, 0 }, { "cents", NUM_HUNDRED, 0 },
	{ NULL, 0, 0 }
};

static const struct lang_platform platforms[] = {
	{ "watsap", PLATFORM_MESSAGING, "whatsapp" }, { "wats", PLATFORM_WEAK, "whatsapp" },
	{ "insta", PLATFORM_SOCIAL, "instagram" }, { "wtsp", PLATFORM_MESSAGING, "whatsapp" },
	{ "watsp", PLATFORM_MESSAGING, "whatsapp" },
	{ "ouatsap", PLATFORM_MESSAGING, "whatsapp" },
	{ "ouatsapp", PLATFORM_MESSAGING, "whatsapp" },
	{ NULL, 0, NULL }
};

const struct detect_lang lang_fr = {
	.code = "fr",
	.name = "French",
	.numbers = numbers,
	.platforms = platforms,
	.words = {
	[LEX_PHONE_CUE] = (const char *const[]){
		"appelle", "appellez", "appelez", "appeler", "appel", "appelles", "telephone",
		"tel", "tele", "portable", "mobile", "numero", "num", "joindre", "joignable",
		"sms", "texto", "contacte", "contactez", "contact", "whatsapp", "commence",
		"finit", "termine", "moitie", "reste", "chiffres", "fixe", "bigophone", "phone",
		"indicatif", NULL },
	[LEX_EMAIL_CUE] = (const char *const[]){ "courriel", "mail", "email", "adresse", "mel", NULL },
	[LEX_URL_CUE] = (const char *const[]){ "lien", "site", "page", NULL },
	[LEX_REF] = (const char *const[]){ "rib", "tgv", "train", "ouigo", "tps", "tvq", "neq", "avs", "ide", "rcs", "nir", "sav", "chronopost", "colissimo", "bpost", "entreprise", "bce", "kbo", "resa", "reclamation", "digicode", "interphone", "wifi", "mdp", "ean", "secu",
		"commande", "commandes", "ref", "reference", "suivi", "colis", "envoi",
		"reservation", "facture", "serie", "protocole", "dossier", "ticket", "code",
		"compte", "carte", "recu", "client", "contrat", "police", "immatriculation",
		"plaque", "lot", "article", "modele", "incident", "cas", "demande", "transaction",
		"operation", "vol", "siege", "chambre", "appartement", "appart", "etage",
		"batiment", "postal", "cp", "siret", "siren", "tva", "iban", "retour",
		"remboursement", "cadeau", "avoir", "taille", "pointure", "expedition", "livraison",
		"billet", "billets", "puce", "transpondeur", "icad",
		NULL },
	[LEX_REF_FILLER] = (const char *const[]){
		"de", "du", "des", "n", "no", "num", "numero", "est", "le", "la", "votre", "ta",
		"ton", "mon", "ma", "d", "c", NULL },
	[LEX_CURRENCY] = (const char *const[]){ "euros", "eur", "balles", "francs", "chf", NULL },
	[LEX_UNIT] = (const char *const[]){
		"taille", "pointure", "kilometres", "kilos", "metres", "litres", "grammes", "ans",
		"ch", "cv", "km", "kms", "cm", "mille", "proprietaires", NULL },
	[LEX_JOIN] = (const char *const[]){ "et", "puis", "ensuite", "apres", "plus", NULL },
	[LEX_EMAIL_STOP] = (const char *const[]){
		"suis", "sommes", "etes", "est", "sont", "vais", "va", "vas", "allons", "allez",
		"vont", "passe", "passer", "passez", "rendez", "vous", "moi", "toi", "lui", "nous",
		"eux", "elle", "elles", "achete", "commande", "livre", "livraison", "retrait",
		"dispo", "disponible", "rester", "reste", "rentre", "attends", "attendre", "dormir",
		"manger", "diner", "travaille", "travailler", NULL },
	[LEX_PROVIDER] = (const char *const[]){
		"wanadoo", "laposte", "bbox", "orange", "sfr", "free", "neuf", "aliceadsl", NULL },
	[LEX_AT] = (const char *const[]){ "arobase", "arobas", "arrobase", "chez", "arobaz", "arobaze", NULL },
	[LEX_DOT] = (const char *const[]){ "point", "pt", NULL },
	[LEX_URL_STOP] = (const char *const[]){ "le", "la", "les", "un", "une", "ce", NULL },
	[LEX_CONTACT] = (const char *const[]){ "continuer", "passer", "discuter", "echanger", "ecrire", "contacter", "reponds", "reponds",
		"ajoute", "ajoutez", "ecris", "ecrivez", "ecrismoi", "parle", "parlons",
		"appelle", "appelez", "contacte", "contactez", "envoie", "envoyez", "cherche",
		"cherchez", "suis", "suivez", "retrouve", "retrouvez", "passons", "continuons",
		"discutons", "rejoins", "rejoignez", "viens", "venez", NULL },
	[LEX_SOCIAL_CONTEXT] = (const char *const[]){
		"mp", "prive", "dm", "ajoute", "ajoutez", "suis", "suivez",
		"pseudo", "profil", "compte", "ecris", "ecrivez", NULL },
	[LEX_PREP] = (const char *const[]){ "sur", "par", "via", "en", NULL },
	[LEX_POSSESSIVE] = (const char *const[]){ "mon", "ma", "notre", NULL },
	[LEX_ID] = (const char *const[]){ "pseudo", "profil", "compte", "nom", "identifiant", "id", NULL },
	[LEX_IS] = (const char *const[]){ "comme", "est", "c'est", "cest", "c", NULL },
	[LEX_ME] = (const char *const[]){ "moi", NULL },
	[LEX_AFTER_ME] = (const char *const[]){ NULL },
	[LEX_DESCRIPTOR] = (const char *const[]){ "plante", "bugue", "beugue", "pirate", "supprime", "casse", "hs", "crashe",
		"mauvais", "mauvaise", "lent", "lente", "coupe", "bloque", "prive", "privee",
		"plein", "pleine", "tres", "nul", "nulle", NULL },
	[LEX_STREET] = (const char *const[]){ "rue", "avenue", "av", "boulevard", "bd", "place", "allee", NULL },
	[LEX_MENTION] = (const char *const[]){ "ajoute", "suis", "pseudo", NULL },
	[LEX_NEGATION] = (const char *const[]){
		"pas", "jamais", "sans", "ni", "non", "plutot", "prefere", "arnaque", "arnaques",
		"escroc", "escroquerie", "fraude", "interdit", "regles", "politique", NULL },
	[LEX_STAY] = (const char *const[]){ "ici", "appli", "application", "plateforme", NULL },
	[LEX_AT_WEAK] = (const char *const[]){ "chez", NULL },
	[LEX_SEQUENCE] = (const char *const[]){ "abord", "debut", "suite", "premier", "premiers", "premiere", "dernier", "derniers", "derniere", "ensuite", "enfin", "fin", "reste", "moitie", "commence", "finit", "termine", "apres", "avant", NULL },
	[LEX_OUTSIDE] = (const char *const[]){ "dehors", "hors", NULL },
	[LEX_ASK] = (const char *const[]){ "files", "passes", "donnes", "envoies", "laisses", "filez", "donne", "donnez", "envoie", "envoyez", "passe", "file",
		"donner", "envoyer", "passer", "filer", "laisser", "laisse", "quoi", "quel", "quelle", NULL },
	[LEX_YOUR] = (const char *const[]){ "ton", "ta", "tes", "votre", "vos", NULL },
	[LEX_FINDME] = (const char *const[]){ "suis", "trouves", "trouvez", "cherche", NULL },
	[LEX_SAME] = (const char *const[]){ "meme", NULL },
	[LEX_PLEASE] = (const char *const[]){ "stp", "svp", "steuplait", "stplait", NULL },
	[LEX_MAIL] = (const char *const[]){ "mail", "email", "mails", "courriel", "mel", NULL },
	[LEX_PREFER] = (const char *const[]){ "plutot", "prefere", "mieux", NULL },
	[LEX_WHERE] = (const char *const[]){ "bio", "profil", "description", "annonce", NULL },
	[LEX_HAVE] = (const char *const[]){ "as", "aurais", "avez", "auriez", "aurait", NULL },
	[LEX_NUMBER_NOUN] = (const char *const[]){ "numero", "num", "portable", "tel", "telephone", "06", "07", NULL },
	[LEX_REACH] = (const char *const[]){ "appeler", "appelle", "appelles", "joindre", "contacter", "ecrire", "texter", "sms", "biper", "rappeler", NULL },
	[LEX_YOU_OBJ] = (const char *const[]){ "te", "vous", "toi", NULL },
	[LEX_ADDRESS] = (const char *const[]){ "adresse", "adr", "addresse", NULL },
	[LEX_INDEFINITE] = (const char *const[]){ "un", "autre", NULL },
	[LEX_MOVE] = (const char *const[]){ "continuer", "continuons", "continue", "passer", "passons", "poursuivre", "poursuivons", "basculer", "basculons", NULL },
	[LEX_SMS] = (const char *const[]){ "sms", "texto", "textos", NULL },
	[LEX_REPORTED] = (const char *const[]){ "voulait", "voulu", "demande", "insiste", "propose", "voulaient", NULL },
	[LEX_LEAVE] = (const char *const[]){ "laisse", "laissez", "laisser", "laisses", NULL },
	[LEX_YOURS] = (const char *const[]){ "tien", "tienne", "votre", NULL },
	[LEX_HESITATION] = (const char *const[]){ "euh", "heu", "bref", "voila", "quoi", "genre", "hein", NULL },
	[LEX_FEE] = (const char *const[]){ "frais", "commission", "commissions", NULL },
	[LEX_AVOID] = (const char *const[]){ "evite", "eviter", "evitons", "sans", "economise", "economiser", "economisons", "zappe", NULL },
	[LEX_PAY] = (const char *const[]){ "liquide", "especes", "cash", "lydia", "paylib", "virement", "interac", "twint", "annule", "annuler", "direct", "directement", NULL },
	[LEX_CHEAPER] = (const char *const[]){ "moins", "reduc", "reduction", "remise", NULL },
	[LEX_REVERSE] = (const char *const[]){ "envers", "inverse", "lenvers", NULL },
	[LEX_PROVIDER_WEAK] = (const char *const[]){ "orange", "free", "neuf", NULL },
	},
};
