/* lang_de: German words for the detectors (see struct detect_lang). The
 * text is normalised one character for one, so "ß" reads as "s": a word
 * written with it is listed both ways ("strasse", "strase"). */
#include "config.h"

#include "detect_int.h"

/* "vierundfunfzig" is vier, und, funfzig: a unit joined to the tens after
 * it is read tens first, 54 (detect_phone.c). */
static const struct lang_number numbers[] = {
	{ "null", NUM_DIGIT, 0 }, { "eins", NUM_DIGIT, 1 }, { "ein", NUM_ARTICLE, 1 },
	{ "eine", NUM_ARTICLE, 1 }, { "zwei", NUM_DIGIT, 2 }, { "zwo", NUM_DIGIT, 2 },
	{ "drei", NUM_DIGIT, 3 }, { "vier", NUM_DIGIT, 4 }, { "funf", NUM_DIGIT, 5 },
	{ "fuenf", NUM_DIGIT, 5 }, { "sechs", NUM_DIGIT, 6 }, { "sieben", NUM_DIGIT, 7 },
	{ "acht", NUM_DIGIT, 8 }, { "neun", NUM_DIGIT, 9 },
	{ "zehn", NUM_TEEN, 10 }, { "elf", NUM_TEEN, 11 }, { "zwolf", NUM_TEEN, 12 },
	{ "zwoelf", NUM_TEEN, 12 }, { "dreizehn", NUM_TEEN, 13 }, { "vierzehn", NUM_TEEN, 14 },
	{ "funfzehn", NUM_TEEN, 15 }, { "fuenfzehn", NUM_TEEN, 15 }, { "sechzehn", NUM_TEEN, 16 },
	{ "siebzehn", NUM_TEEN, 17 }, { "achtzehn", NUM_TEEN, 18 }, { "neunzehn", NUM_TEEN, 19 },
	{ "zwanzig", NUM_TENS, 2 }, { "dreissig", NUM_TENS, 3 }, { "dreisig", NUM_TENS, 3 },
	{ "vierzig", NUM_TENS, 4 }, { "funfzig", NUM_TENS, 5 }, { "fuenfzig", NUM_TENS, 5 },
	{ "sechzig", NUM_TENS, 6 }, { "siebzig", NUM_TENS, 7 }, { "achtzig", NUM_TENS, 8 },
	{ "neunzig", NUM_TENS, 9 },
	{ "doppel", NUM_REPEAT, 1 }, { "doppelt", NUM_REPEAT, 1 }, { "dreifach", NUM_REPEAT, 2 },
	{ "hundert", NUM_HUNDRED, 0 },
	{ NULL, 0, 0 }
};

static const struct lang_platform platforms[] = {
	{ "whatsap", PLATFORM_MESSAGING, "whatsapp" }, { "watsap", PLATFORM_MESSAGING, "whatsapp" },
	{ "whatsi", PLATFORM_MESSAGING, "whatsapp" }, { "whazap", PLATFORM_MESSAGING, "whatsapp" },
	{ "wotsap", PLATFORM_MESSAGING, "whatsapp" },
	{ "wotsapp", PLATFORM_MESSAGING, "whatsapp" },
	{ NULL, 0, NULL }
};

const struct detect_lang lang_de = {
	.code = "de",
	.name = "German",
	.numbers = numbers,
	.platforms = platforms,
	.words = {
	[LEX_PHONE_CUE] = (const char *const[]){ "natel", "natelnummer", "natelnr", "festnetznummer", "festnetz", "whatsappnummer",
		"ruf", "rufe", "rufen", "anrufen", "anruf", "ruft", "telefon", "tel", "handy",
		"mobil", "mobilnummer", "handynummer", "telefonnummer", "rufnummer", "nummer",
		"nr", "erreichbar", "erreichst", "erreichen", "melde", "meld", "sms", "schreib",
		"whatsapp", "beginnt", "fangt", "endet", "hort", "halfte", "rest", "ziffern",
		"festnetz", "vorwahl", "landesvorwahl", NULL },
	[LEX_EMAIL_CUE] = (const char *const[]){ "mail", "email", "adresse", "mailadresse", NULL },
	[LEX_URL_CUE] = (const char *const[]){ "link", "seite", "webseite", "website", NULL },
	[LEX_REF] = (const char *const[]){ "ice", "railjet", "zug", "wagen", "ahv", "svnr", "uid", "steuernr", "stnr", "ustid", "dhl", "hermes", "dpd", "gls", "kassenbon", "karton", "etikett", "verpackung", "reklamation", "wlan", "passwort", "ean", "zugangscode", "ustidnr", "steuerid",
		"bestellung", "bestellnummer", "bestellnr", "auftrag", "auftragsnummer", "ref",
		"referenz", "referenznummer", "sendung", "sendungsnummer", "sendungsnr",
		"tracking", "trackingnummer", "paket", "paketnummer", "buchung", "buchungsnummer",
		"reservierung", "rechnung", "rechnungsnummer", "rechnungsnr", "seriennummer",
		"serie", "protokoll", "vorgang", "vorgangsnummer", "ticket", "code", "konto",
		"kundennummer", "kunde", "karte", "vertrag", "vertragsnummer", "police",
		"kennzeichen", "fahrgestellnummer", "artikel", "artikelnummer", "modell", "fall",
		"aktenzeichen", "az", "antrag", "transaktion", "flug", "sitz", "zimmer",
		"wohnung", "etage", "stock", "plz", "postleitzahl", "steuernummer", "ustid",
		"iban", "retoure", "erstattung", "gutschein", "grosse", "grose", "lieferung", "beleg",
		"quittung", "los", "charge", "inserat", "anzeige", NULL },
	[LEX_REF_FILLER] = (const char *const[]){ "steht",
		"nr", "n", "no", "nummer", "ist", "lautet", "der", "die", "das", "ihre", "ihr",
		"deine", "dein", "meine", "mein", "von", "zur", "zum", NULL },
	[LEX_CURRENCY] = (const char *const[]){ "euro", "eur", "franken", "chf", "mark", NULL },
	[LEX_UNIT] = (const char *const[]){
		"grosse", "grose", "kilometer", "kilo", "meter", "liter", "gramm", "jahre", "ps", "kw",
		"km", "cm", "tausend", "vorbesitzer", "halter", NULL },
	[LEX_JOIN] = (const char *const[]){ "und", "dann", "danach", "plus", NULL },
	[LEX_EMAIL_STOP] = (const char *const[]){ NULL },
	[LEX_PROVIDER] = (const char *const[]){
		"gmx", "tonline", "freenet", "posteo", "arcor", NULL },
	[LEX_AT] = (const char *const[]){ "affenschwanz", "klammeraffe", "affe", "at", NULL },
	[LEX_DOT] = (const char *const[]){ "punkt", NULL },
	[LEX_URL_STOP] = (const char *const[]){ "der", "die", "das", "ein", "eine", "ne", "nen", NULL },
	[LEX_CONTACT] = (const char *const[]){ "klaren", "besprechen", "regeln", "ausmachen", "abmachen", "telefonieren", "quatschen", "antworte",
		"adde", "add", "hinzufugen", "schreib", "schreibe", "schreibt", "melde", "meld",
		"ruf", "kontaktiere", "kontaktier", "folge", "folg", "such", "suche", "finde",
		"schick", "schicke", "wechseln", "weiter", "lass", "lasst",
		"komm", NULL },
	[LEX_SOCIAL_CONTEXT] = (const char *const[]){
		"adde", "folge",
		"profil", "benutzername", "nutzername", "konto", "schreib", NULL },
	[LEX_PREP] = (const char *const[]){ "auf", "bei", "per", "uber", "via", "in", "im", NULL },
	[LEX_POSSESSIVE] = (const char *const[]){ "mein", "meine", "meinem", "unser", "unsere", NULL },
	[LEX_ID] = (const char *const[]){
		"name", "benutzername", "nutzername", "profil", "konto", "account", "id", NULL },
	[LEX_IS] = (const char *const[]){ "als", "ist", "lautet", "heisst", "heist", NULL },
	[LEX_ME] = (const char *const[]){ "mich", "mir", NULL },
	[LEX_AFTER_ME] = (const char *const[]){ NULL },
	[LEX_DESCRIPTOR] = (const char *const[]){ "spinnt", "funktioniert", "abgesturzt", "geloscht", "hangt", "defekt",
		"schlecht", "langsam", "weg", "kaputt", "gesperrt", "privat", "voll", "sehr",
		"gehackt", NULL },
	[LEX_STREET] = (const char *const[]){ "strasse", "strase", "str", "weg", "platz", "allee", NULL },
	[LEX_MENTION] = (const char *const[]){ "adde", "folge", "benutzername", NULL },
	[LEX_NEGATION] = (const char *const[]){ "weder",
		"nicht", "kein", "keine", "keinen", "nie", "niemals", "ohne", "lieber", "betrug",
		"betruger", "abzocke", "verboten", "regeln", "richtlinien", NULL },
	[LEX_STAY] = (const char *const[]){ "hier", "plattform", NULL },
	[LEX_AT_WEAK] = (const char *const[]){ "at", "affe", NULL },
	[LEX_SEQUENCE] = (const char *const[]){ "erst", "erste", "ersten", "letzte", "letzten", "dann", "danach", "schluss", "schlus", "rest", "halfte", "anfang", "beginnt", "endet", "vorne", "hinten", "zuerst", "zuletzt", NULL },
	[LEX_OUTSIDE] = (const char *const[]){ "ausserhalb", "auserhalb", NULL },
	[LEX_ASK] = (const char *const[]){ "gib", "gebt", "schick", "schicke", "sende", "sag",
		"geben", "schicken", "senden", "sagen", "verraten", "haben", "wie", "was", NULL },
	[LEX_YOUR] = (const char *const[]){ "dini", "diini", "deine", "dein", "deinen", "ihre", "ihren", NULL },
	[LEX_FINDME] = (const char *const[]){ "bin", "findest", "heisse", "heise", NULL },
	[LEX_SAME] = (const char *const[]){ "gleiche", "gleicher", "gleichen", "selbe", "selben", "selber", NULL },
	[LEX_PLEASE] = (const char *const[]){ "bitte", "bitti", "pls", NULL },
	[LEX_MAIL] = (const char *const[]){ "mail", "email", "mails", "emails", NULL },
	[LEX_PREFER] = (const char *const[]){ "lieber", "stattdessen", "besser", NULL },
	[LEX_WHERE] = (const char *const[]){ "bio", "profil", "profiltext", "beschreibung", "anzeige", "inserat", "steckbrief", NULL },
	[LEX_FEE] = (const char *const[]){ "gebuhr", "gebuhren", "gebuehr", "gebuehren", "provision", "servicegebuhr", NULL },
	[LEX_AVOID] = (const char *const[]){ "sparen", "sparst", "spart", "sparen", "umgehen", "ohne", "vermeiden", NULL },
	[LEX_PAY] = (const char *const[]){ "bar", "bargeld", "cash", "paypal", "twint", "uberweisung", "uberweis", "storniere", "storniert", "stornieren", "direkt", NULL },
	[LEX_CHEAPER] = (const char *const[]){ "billiger", "gunstiger", "rabatt", "weniger", NULL },
	[LEX_REVERSE] = (const char *const[]){ "ruckwarts", "umgekehrt", "andersrum", "ruckwaerts", NULL },
	},
};
