/* lang_en: English words for the detectors (see struct detect_lang). */
#include "config.h"

#include "detect_int.h"

static const struct lang_number numbers[] = {
	{ "zero", NUM_DIGIT, 0 }, { "oh", NUM_DIGIT, 0 }, { "nought", NUM_DIGIT, 0 },
	{ "naught", NUM_DIGIT, 0 }, { "nil", NUM_DIGIT, 0 },
	{ "one", NUM_DIGIT, 1 }, { "two", NUM_DIGIT, 2 }, { "three", NUM_DIGIT, 3 },
	{ "four", NUM_DIGIT, 4 }, { "five", NUM_DIGIT, 5 }, { "six", NUM_DIGIT, 6 },
	{ "seven", NUM_DIGIT, 7 }, { "eight", NUM_DIGIT, 8 }, { "nine", NUM_DIGIT, 9 },
	{ "niner", NUM_DIGIT, 9 },
	{ "ten", NUM_TEEN, 10 }, { "eleven", NUM_TEEN, 11 }, { "twelve", NUM_TEEN, 12 },
	{ "thirteen", NUM_TEEN, 13 }, { "fourteen", NUM_TEEN, 14 },
	{ "fifteen", NUM_TEEN, 15 }, { "sixteen", NUM_TEEN, 16 },
	{ "seventeen", NUM_TEEN, 17 }, { "eighteen", NUM_TEEN, 18 },
	{ "nineteen", NUM_TEEN, 19 },
	{ "twenty", NUM_TENS, 2 }, { "thirty", NUM_TENS, 3 }, { "forty", NUM_TENS, 4 },
	{ "fourty", NUM_TENS, 4 }, { "fifty", NUM_TENS, 5 }, { "sixty", NUM_TENS, 6 },
	{ "seventy", NUM_TENS, 7 }, { "eighty", NUM_TENS, 8 }, { "ninety", NUM_TENS, 9 },
	{ "double", NUM_REPEAT, 1 }, { "triple", NUM_REPEAT, 2 },
	/* Look-alikes of 1, only between two digits ("4l5", "4 I 5"). */
	{ "i", NUM_FLANKED, 1 }, { "l", NUM_FLANKED, 1 },
	{ NULL, 0, 0 }
};

static const struct lang_platform platforms[] = {
	{ "whatsap", PLATFORM_MESSAGING, "whatsapp" }, { "watsap", PLATFORM_MESSAGING, "whatsapp" },
	{ "whtsap", PLATFORM_MESSAGING, "whatsapp" }, { "wtsap", PLATFORM_MESSAGING, "whatsapp" },
	{ "whatap", PLATFORM_MESSAGING, "whatsapp" }, { "watap", PLATFORM_MESSAGING, "whatsapp" },
	{ "whatsapweb", PLATFORM_MESSAGING, "whatsapp" }, { "wapp", PLATFORM_MESSAGING, "whatsapp" },
	{ "whats", PLATFORM_WEAK, "whatsapp" }, { "wa", PLATFORM_WEAK, "whatsapp" },
	{ "telegram", PLATFORM_MESSAGING, "telegram" }, { "telegrm", PLATFORM_MESSAGING, "telegram" },
	{ "tlgrm", PLATFORM_MESSAGING, "telegram" }, { "tg", PLATFORM_WEAK, "telegram" },
	{ "viber", PLATFORM_MESSAGING, "viber" }, { "wechat", PLATFORM_MESSAGING, "wechat" },
	{ "weixin", PLATFORM_MESSAGING, "wechat" }, { "kik", PLATFORM_MESSAGING, "kik" },
	{ "skype", PLATFORM_MESSAGING, "skype" }, { "discord", PLATFORM_MESSAGING, "discord" },
	{ "imesage", PLATFORM_MESSAGING, "imessage" }, { "facetime", PLATFORM_MESSAGING, "facetime" },
	{ "threma", PLATFORM_MESSAGING, "threema" }, { "zalo", PLATFORM_MESSAGING, "zalo" },
	{ "kakaotalk", PLATFORM_MESSAGING, "kakaotalk" }, { "kakao", PLATFORM_MESSAGING, "kakaotalk" },
	{ "snapchat", PLATFORM_MESSAGING, "snapchat" }, { "botim", PLATFORM_MESSAGING, "botim" },
	{ "instagram", PLATFORM_SOCIAL, "instagram" }, { "instagrm", PLATFORM_SOCIAL, "instagram" },
	{ "insta", PLATFORM_SOCIAL, "instagram" }, { "insa", PLATFORM_SOCIAL, "instagram" },
	{ "tiktok", PLATFORM_SOCIAL, "tiktok" }, { "facebok", PLATFORM_SOCIAL, "facebook" },
	{ "twiter", PLATFORM_SOCIAL, "twitter" }, { "linkedin", PLATFORM_SOCIAL, "linkedin" },
	{ "signal", PLATFORM_WEAK, "signal" }, { "snap", PLATFORM_WEAK, "snapchat" },
	{ "ig", PLATFORM_WEAK, "instagram" }, { "fb", PLATFORM_WEAK, "facebook" },
	{ "mesenger", PLATFORM_WEAK, "messenger" },
	{ NULL, 0, NULL }
};

const struct detect_lang lang_en = {
	.code = "en",
	.name = "English",
	.numbers = numbers,
	.platforms = platforms,
	.words = {
	[LEX_PHONE_CUE] = (const char *const[]){
		"call", "calls", "called", "calling", "caller", "text", "texts", "texting", "txt",
		"phone", "fone", "ph", "tel", "telephone", "cell", "cellphone", "mobile", "mob",
		"number", "num", "digits", "sms", "ring", "dial", "reach", "contact", "hmu",
		"whatsapp", "watsapp", "wa", "viber", "signal", "telegram", "landline",
		"starts", "ends", "half", "rest", "digit", NULL },
	[LEX_EMAIL_CUE] = (const char *const[]){
		"email", "mail", "e", "address", "inbox", "gmail", NULL },
	[LEX_URL_CUE] = (const char *const[]){ "link", "site", "website", "page", "url", NULL },
	[LEX_REF] = (const char *const[]){
		"order", "orders", "ref", "reference", "tracking", "track", "confirmation", "conf",
		"invoice", "inv", "booking", "receipt", "transaction", "txn", "account", "acct",
		"acc", "sku", "item", "model", "serial", "sn", "case", "ticket", "parcel", "package",
		"shipment", "awb", "code", "pin", "otp", "voucher", "coupon", "id", "card", "iban",
		"routing", "policy", "member", "membership", "customer", "claim", "reservation",
		"flight", "imei", "vin", "plate", "isbn", "queue", "table", "seat", "room", "unit",
		"apt", "apartment", "suite", "gate", "locker", "floor", "building", "bay",
		"platform", "lot", "stall", "slot", "batch", "part", "product", "listing", "ad",
		"auction", "bid", "zip", "zipcode", "postcode", "postal", "protocol", "ticket",
		"confirmation", "pnr", "locator", "lot", "article", "art", "registration",
		"license", "licence", "chassis", "delivery", "shipping", "bill", "contract",
		"file", "dossier", "return", "rma", "refund", "waybill", "size", "sizes", NULL },
	[LEX_REF_FILLER] = (const char *const[]){
		"no", "nr", "n", "num", "number", "is", "was", "nbr", "nos", "the", "your", "my",
		"of", "for", NULL },
	[LEX_CURRENCY] = (const char *const[]){
		"usd", "eur", "euro", "euros", "gbp", "vnd", "idr", "rp", "inr", "rs", "dollar",
		"dollars", "bucks", "peso", "pesos", "reais", "rupees", "yen", "won", "naira",
		"shillings", "dirhams", "chf", "aud", "cad", "sgd", "myr", "thb", "pln", "czk",
		"try", "lira", "aed", "sar", "php", "ngn", "kes", "mxn", "brl", "cop", "ars", "k",
		"pounds", "quid", "grand", NULL },
	[LEX_UNIT] = (const char *const[]){
		"km", "kms", "mi", "miles", "mile", "kg", "kgs", "g", "gr", "lb", "lbs", "oz",
		"cm", "mm", "m", "ft", "in", "inch", "inches", "l", "ml", "cc", "hp", "kw", "w",
		"mah", "gb", "tb", "mb", "size", "sizes", "mileage", "odometer", "pcs", "units",
		"sqm", "sqft", "m2", "x", "years", "yrs", "owners", "km/h", "mph", NULL },
	[LEX_JOIN] = (const char *const[]){ "and", "then", "n", "plus", NULL },
	[LEX_EMAIL_STOP] = (const char *const[]){
		"me", "us", "you", "u", "him", "her", "them", "it", "is", "am", "are", "was", "were",
		"be", "been", "being", "m", "im", "we", "they", "he", "she", "i", "here", "there",
		"meet", "meeting", "see", "look", "looking", "find", "found", "order", "ordered",
		"arrive", "arrived", "arriving", "pick", "picked", "pickup", "available", "online",
		"shop", "shopping", "buy", "bought", "sold", "sell", "selling", "listed", "listing",
		"posted", "site", "website", "page", "located", "live", "lives", "living", "work",
		"works", "working", "stay", "staying", "home", "out", "back", "wait", "waiting",
		"get", "got", "come", "coming", "go", "going", "leave", "leaving", "left", "stop",
		"stopped", "park", "parked", "deliver", "delivered", "delivery", "drop", "dropped",
		"ready", "done", "that", "this", "what", "where", "when", "who", "which", "one",
		"all", "call", "text", "message", "ring", "open", "opens", "close", "closes",
		"start", "starts", "end", "ends", "now", "just", "only", "also", "still", "already",
		"up", "down", "off", "over", "outside", "inside", "door", "gate", "lobby", "front",
		"dinner", "lunch", "breakfast", "dropoff", "appointment", "price", "prices",
		"sale", "deal", "deals", "cheaper", "cheap", "account", "login", "signed",
		"registered", "hired", "employed", "job", NULL },
	[LEX_PROVIDER] = (const char *const[]){
		"gmail", "googlemail", "yahoo", "ymail", "hotmail", "outlook", "icloud", "aol",
		"protonmail", "proton", "gmx", "yandex", "zoho", "msn", "rediffmail",
		"btinternet", "comcast", "verizon", "mailru", NULL },
	[LEX_AT] = (const char *const[]){ "at the rate of", "at the rate", "at", NULL },
	[LEX_DOT] = (const char *const[]){ "dot", "period", NULL },
	[LEX_URL_STOP] = (const char *const[]){ "the", "a", "an", "polka", "that", "this", NULL },
	[LEX_CONTACT] = (const char *const[]){
		"add", "text", "txt", "msg", "message", "call", "contact", "reach", "hit", "hmu",
		"ping", "find", "follow", "dm", "chat", "talk", "write", "me", "us", "join",
		"switch", "move", "continue", "go", "find", "search", "look", NULL },
	[LEX_SOCIAL_CONTEXT] = (const char *const[]){
		"me", "my", "you", "u", "your", "ur", "us", "our", "add", "follow", "dm", "handle",
		"username", "id", "text", "txt", "msg", "message", "chat", "hmu", "contact",
		"reach", "ping", "profile", NULL },
	[LEX_PREP] = (const char *const[]){
		"on", "via", "thru", "through", "over", "using", "in", "by", NULL },
	[LEX_POSSESSIVE] = (const char *const[]){ "my", "our", NULL },
	[LEX_ID] = (const char *const[]){
		"id", "handle", "username", "user", "name", "acc", "account", "profile", NULL },
	[LEX_IS] = (const char *const[]){ "is", "s", "its", NULL },
	[LEX_ME] = (const char *const[]){ "me", "us", NULL },
	[LEX_AFTER_ME] = (const char *const[]){
		"a", "an", "the", "when", "if", "once", "after", "before", "as", "soon", "to",
		"pic", "pics", "photo", "photos", "picture", "pictures", "receipt", "your", "know",
		"and", "so", NULL },
	[LEX_DESCRIPTOR] = (const char *const[]){
		"bad", "weak", "good", "low", "down", "gone", "terrible", "poor", "not", "off",
		"dead", "fine", "ok", "okay", "strong", "great", "broken", "lost", "patchy",
		"spotty", "horrible", "awful", "really", "very", "so", "too", "pretty", "kinda",
		"still", "out", "dropping", "cutting", "back", "slow", "fast", "limited", "zero",
		"none", "nonexistent", "crap", "shit", "horrendous", "bit", "a", "the", "on",
		"full", "hacked", "blocked", "banned", "private", "closed", "deleted", NULL },
	[LEX_STREET] = (const char *const[]){
		"st", "street", "rd", "road", "ave", "avenue", "hill", "dr", "drive", "blvd", "way",
		"ln", "lane", "ct", "court", "pl", "place", "park", "tower", "building", "station",
		NULL },
	[LEX_MENTION] = (const char *const[]){
		"add", "follow", "dm", "handle", "username", "user", "my", NULL },
	[LEX_NEGATION] = (const char *const[]){
		"don't", "dont", "not", "no", "never", "without", "isn't", "can't", "cant",
		"won't", "wont", "doesn't", "doesnt", "didn't", "rather", "instead", "nor",
		"stop", "avoid", "against", "scam", "scammer", "scammers", "fraud", "ban",
		"banned", "allowed", "rules", "policy", NULL },
	[LEX_STAY] = (const char *const[]){ "here", "platform", NULL },
	},
};
