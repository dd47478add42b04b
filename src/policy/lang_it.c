/* lang_it: Italian words for the detectors (see struct detect_lang). */
#include "config.h"

#include "detect_int.h"

/* Italian glues its compounds and drops a vowel before uno and otto
 * ("trentotto", "ventuno"): the shortened tens are listed too. */
static const struct lang_number numbers[] = {
	{ "zero", NUM_DIGIT, 0 }, { "uno", NUM_ARTICLE, 1 }, { "una", NUM_ARTICLE, 1 },
	{ "due", NUM_DIGIT, 2 }, { "tre", NUM_DIGIT, 3 }, { "quattro", NUM_DIGIT, 4 },
	{ "cinque", NUM_DIGIT, 5 }, { "sei", NUM_DIGIT, 6 }, { "sette", NUM_DIGIT, 7 },
	{ "otto", NUM_DIGIT, 8 }, { "nove", NUM_DIGIT, 9 },
	{ "dieci", NUM_TEEN, 10 }, { "undici", NUM_TEEN, 11 }, { "dodici", NUM_TEEN, 12 },
	{ "tredici", NUM_TEEN, 13 }, { "quattordici", NUM_TEEN, 14 },
	{ "quindici", NUM_TEEN, 15 }, { "sedici", NUM_TEEN, 16 },
	{ "diciassette", NUM_TEEN, 17 }, { "diciotto", NUM_TEEN, 18 },
	{ "diciannove", NUM_TEEN, 19 },
	{ "venti", NUM_TENS, 2 }, { "vent", NUM_TENS, 2 }, { "trenta", NUM_TENS, 3 },
	{ "trent", NUM_TENS, 3 }, { "quaranta", NUM_TENS, 4 }, { "quarant", NUM_TENS, 4 },
	{ "cinquanta", NUM_TENS, 5 }, { "cinquant", NUM_TENS, 5 },
	{ "sessanta", NUM_TENS, 6 }, { "sessant", NUM_TENS, 6 },
	{ "settanta", NUM_TENS, 7 }, { "settant", NUM_TENS, 7 },
	{ "ottanta", NUM_TENS, 8 }, { "ottant", NUM_TENS, 8 },
	{ "novanta", NUM_TENS, 9 }, { "novant", NUM_TENS, 9 },
	{ "doppio", NUM_REPEAT, 1 }, { "triplo", NUM_REPEAT, 2 },
	{ "cento", NUM_HUNDRED, 0 },
	{ NULL, 0, 0 }
};

static const struct lang_platform platforms[] = {
	{ "wazap", PLATFORM_MESSAGING, "whatsapp" }, { "uazap", PLATFORM_MESSAGING, "whatsapp" },
	{ "wuazap", PLATFORM_MESSAGING, "whatsapp" },
	{ "uozzap", PLATFORM_MESSAGING, "whatsapp" }, { "wozzap", PLATFORM_MESSAGING, "whatsapp" },
	{ "aeroplanino", PLATFORM_WEAK, "telegram" },
	{ NULL, 0, NULL }
};

const struct detect_lang lang_it = {
	.code = "it",
	.name = "Italian",
	.numbers = numbers,
	.platforms = platforms,
	.words = {
	[LEX_PHONE_CUE] = (const char *const[]){
		"chiama", "chiamami", "chiamare", "chiamata", "telefono", "tel", "cellulare",
		"cell", "numero", "num", "contatto", "contattami", "scrivimi", "sms", "whatsapp",
		"inizia", "comincia", "finisce", "termina", "meta", "resto", "cifre", "fisso",
		"telefonami", "squillo", NULL },
	[LEX_EMAIL_CUE] = (const char *const[]){ "mail", "email", "posta", "indirizzo", NULL },
	[LEX_URL_CUE] = (const char *const[]){ "link", "sito", "pagina", NULL },
	[LEX_REF] = (const char *const[]){ "civico", "cro", "trn", "frecciarossa", "treno", "carrozza", "segnacollo", "avs", "piva", "partita", "brt", "sda", "gls", "poste", "tracciabilita", "reclamo", "wifi", "password", "chiave", "matricola", "ean", "ricambio", "fiscale", "pin",
		"ordine", "ordini", "rif", "riferimento", "tracciamento", "tracking",
		"spedizione", "pacco", "prenotazione", "fattura", "serie", "seriale",
		"protocollo", "pratica", "ticket", "codice", "cod", "conto", "carta", "ricevuta",
		"cliente", "contratto", "polizza", "targa", "telaio", "lotto", "articolo",
		"modello", "caso", "richiesta", "transazione", "operazione", "volo", "posto",
		"camera", "interno", "cap", "postale", "iva", "iban", "reso",
		"rimborso", "buono", "taglia", "scontrino", "consegna", "annuncio", "scarpe", "scarpa",
		"microchip", "chip", "biglietto", "biglietti",
		NULL },
	[LEX_REF_FILLER] = (const char *const[]){
		"n", "nr", "no", "num", "numero", "di", "del", "della", "e", "il", "la", "lo",
		"tuo", "tua", "suo", "sua", "mio", "mia", NULL },
	[LEX_CURRENCY] = (const char *const[]){ "euro", "eur", NULL },
	[LEX_UNIT] = (const char *const[]){
		"taglia", "chilometri", "chili", "metri", "litri", "grammi", "anni", "cv", "km",
		"cm", "mila", "proprietari", NULL },
	[LEX_JOIN] = (const char *const[]){ "e", "poi", "dopo", "piu", NULL },
	[LEX_EMAIL_STOP] = (const char *const[]){ NULL },
	[LEX_PROVIDER] = (const char *const[]){
		"libero", "virgilio", "tiscali", "fastweb", NULL },
	[LEX_AT] = (const char *const[]){ "chiocciola", "chiocciolina", "chiocc", "chioccia", NULL },
	[LEX_DOT] = (const char *const[]){ "punto", "pt", "pto", NULL },
	[LEX_URL_STOP] = (const char *const[]){ "il", "lo", "la", "un", "una", NULL },
	[LEX_CONTACT] = (const char *const[]){ "continuare", "scrivo", "spostarci", "spostiamoci", "sentirci", "rispondo",
		"aggiungi", "aggiungimi", "scrivi", "scrivimi", "chiama", "chiamami",
		"contatta", "contattami", "manda", "mandami", "cerca", "cercami", "segui",
		"seguimi", "sentiamoci", "sentiamo", "sentirsi", "parliamo", "continuiamo", "passiamo", "vieni",
		/* closing the deal: "facciamo fuori dall'app" */
		"facciamo", "chiudiamo", "accordiamoci", "trattiamo", "paghiamo", "risolviamo",
		/* "mi trovi su fb" */
		"trovi", "trovate", "ritrovi", NULL },
	[LEX_SOCIAL_CONTEXT] = (const char *const[]){
		"privato", "direct", "dm", "aggiungi", "aggiungimi", "seguimi", "segui",
		"profilo", "utente", "nome", "scrivimi", NULL },
	[LEX_PREP] = (const char *const[]){ "su", "sul", "sull", "per", "via", "tramite", "in", "nell", NULL },
	[LEX_POSSESSIVE] = (const char *const[]){ "mio", "mia", "nostro", "nostra", NULL },
	[LEX_ID] = (const char *const[]){ "utente", "nome", "profilo", "account", "id", NULL },
	[LEX_IS] = (const char *const[]){ "come", "e", "sono", NULL },
	[LEX_ME] = (const char *const[]){ NULL },
	[LEX_AFTER_ME] = (const char *const[]){ NULL },
	[LEX_DESCRIPTOR] = (const char *const[]){ "funziona", "crashato", "hackerato", "bloccata", "cancellato", "impallato",
		"lento", "bloccato", "privato", "pieno", "rotto", "molto", NULL },
	[LEX_STREET] = (const char *const[]){ "via", "viale", "piazza", "corso", NULL },
	[LEX_MENTION] = (const char *const[]){ "aggiungi", "seguimi", "utente", NULL },
	[LEX_NEGATION] = (const char *const[]){
		"non", "mai", "manco", "senza", "ne", "preferisco", "truffa", "truffe", "truffatore",
		"frode", "vietato", "regole", "politica", NULL },
	[LEX_STAY] = (const char *const[]){ "qui", "qua", "piattaforma", NULL },
	[LEX_SEQUENCE] = (const char *const[]){ "prima", "prime", "primi", "ultime", "ultimi", "ultima", "poi", "dopo", "fine", "resto", "meta", "inizia", "finisce", "inizio", NULL },
	[LEX_OUTSIDE] = (const char *const[]){ "fuori", NULL },
	[LEX_ASK] = (const char *const[]){ "lasci", "lasciami", "lascia", "lasciate", "lasciatemi", "daresti", "mandi", "passi", "dammi", "mandami", "passami", "dai", "manda", "invia", "inviami", "qual", "quale", "dare", "darmi", "mandare", "mandarmi", "inviare", "inviarmi", "lasciare", "lasciarmi", "passare", "passarmi", NULL },
	[LEX_YOUR] = (const char *const[]){ "tuo", "tua", "tuoi", "suo", "sua", NULL },
	[LEX_FINDME] = (const char *const[]){ "sono", "trovi", "cercami", "trovate", NULL },
	[LEX_SAME] = (const char *const[]){ "stesso", "stessa", NULL },
	[LEX_WHERE] = (const char *const[]){ "bio", "profilo", "descrizione", "annuncio", "inserzione", NULL },
	[LEX_PLATFORM_VERB] = (const char *const[]){ "ami", "are", "iamo", "atemi", "ate", "ato", NULL },
	[LEX_PLEASE] = (const char *const[]){ "perfavore", "pf", "xfavore", "perfa", NULL },
	[LEX_MAIL] = (const char *const[]){ "mail", "email", NULL },
	[LEX_PREFER] = (const char *const[]){ "preferisco", "meglio", "piuttosto", "invece", NULL },
	[LEX_HAVE] = (const char *const[]){ "hai", "avresti", "ha", "avete", "avreste", NULL },
	[LEX_NUMBER_NOUN] = (const char *const[]){ "numero", "num", "cell", "cellulare", "telefono", "tel", "whatsapp", NULL },
	[LEX_REACH] = (const char *const[]){ "chiamarti", "chiamare", "chiamo", "chiamarla", "sentirti", "sentirci", "scriverti", "contattarti", "contattare", "scrivere", "raggiungerti", "telefonarti", "squillarti", "beccarti", NULL },
	[LEX_YOU_OBJ] = (const char *const[]){ "ti", "chiamarti", "sentirti", "scriverti", "contattarti", "raggiungerti", "telefonarti", "squillarti", "lei", "vi", "beccarti", NULL },
	[LEX_ADDRESS] = (const char *const[]){ "indirizzo", NULL },
	[LEX_INDEFINITE] = (const char *const[]){ "un", "altro", NULL },
	[LEX_MOVE] = (const char *const[]){ "continuare", "continuiamo", "passare", "passiamo", "spostarci", "spostiamoci", "proseguire", "proseguiamo", NULL },
	[LEX_SMS] = (const char *const[]){ "sms", "messaggino", NULL },
	[LEX_REPORTED] = (const char *const[]){ "voleva", "volevano", "chiesto", "chiedeva", "insisteva", "proposto", NULL },
	[LEX_LEAVE] = (const char *const[]){ "lasciami", "lascia", "lasciare", "lasciatemi", NULL },
	[LEX_YOURS] = (const char *const[]){ "tuo", "tua", "suo", "sua", NULL },
	[LEX_HESITATION] = (const char *const[]){ "ehm", "eh", "cioe", "tipo", "allora", "dunque", "insomma", "ecco", NULL },
	[LEX_OTHER] = (const char *const[]){ "altro", "altra", "altri", "altre", NULL },
	[LEX_MEANS] = (const char *const[]){ "modo", "mezzo", "maniera", "canale", "via", NULL },
	[LEX_GREETING] = (const char *const[]){ "ciao", "salve", "buongiorno", "buonasera", "grazie", "cara", "caro", "hey", NULL },
	[LEX_IF] = (const char *const[]){ "quando", NULL },
	[LEX_FEE] = (const char *const[]){ "commissione", "commissioni", "tariffa", NULL },
	[LEX_AVOID] = (const char *const[]){ "evitare", "evitiamo", "risparmiare", "risparmiamo", "senza", "saltiamo", NULL },
	[LEX_PAY] = (const char *const[]){ "contanti", "contante", "satispay", "bonifico", "paypal", "annulla", "annulliamo", "diretto", "direttamente", NULL },
	[LEX_CHEAPER] = (const char *const[]){ "meno", "sconto", "economico", "tolgo", "togliamo", NULL },
	[LEX_REVERSE] = (const char *const[]){ "contrario", "rovescio", "incontrario", "invertito", NULL },
	[LEX_PROVIDER_WEAK] = (const char *const[]){ "libero", "virgilio", NULL },
	},
};
