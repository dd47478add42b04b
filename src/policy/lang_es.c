/* lang_es: Spanish words for the detectors (see struct detect_lang). */
#include "config.h"

#include "detect_int.h"

static const struct lang_number numbers[] = {
	{ "cero", NUM_DIGIT, 0 }, { "uno", NUM_ARTICLE, 1 }, { "una", NUM_ARTICLE, 1 },
	{ "un", NUM_ARTICLE, 1 }, { "dos", NUM_DIGIT, 2 }, { "tres", NUM_DIGIT, 3 },
	{ "cuatro", NUM_DIGIT, 4 }, { "cinco", NUM_DIGIT, 5 }, { "seis", NUM_DIGIT, 6 },
	{ "siete", NUM_DIGIT, 7 }, { "ocho", NUM_DIGIT, 8 }, { "nueve", NUM_DIGIT, 9 },
	{ "diez", NUM_TEEN, 10 }, { "once", NUM_TEEN, 11 }, { "doce", NUM_TEEN, 12 },
	{ "trece", NUM_TEEN, 13 }, { "catorce", NUM_TEEN, 14 }, { "quince", NUM_TEEN, 15 },
	{ "dieciseis", NUM_TEEN, 16 }, { "diecisiete", NUM_TEEN, 17 },
	{ "dieciocho", NUM_TEEN, 18 }, { "diecinueve", NUM_TEEN, 19 },
	{ "veinte", NUM_TENS, 2 }, { "veinti", NUM_TENS, 2 }, { "treinta", NUM_TENS, 3 },
	{ "cuarenta", NUM_TENS, 4 }, { "cincuenta", NUM_TENS, 5 }, { "sesenta", NUM_TENS, 6 },
	{ "setenta", NUM_TENS, 7 }, { "ochenta", NUM_TENS, 8 }, { "noventa", NUM_TENS, 9 },
	{ "doble", NUM_REPEAT, 1 }, { "triple", NUM_REPEAT, 2 },
	{ "cien", NUM_HUNDRED, 1 }, { "ciento", NUM_HUNDRED, 0 }, { "cientos", NUM_HUNDRED, 0 }, { "quinientos", NUM_HUNDRED, 5 },
	{ NULL, 0, 0 }
};

static const struct lang_platform platforms[] = {
	{ "wasap", PLATFORM_MESSAGING, "whatsapp" }, { "guasap", PLATFORM_MESSAGING, "whatsapp" },
	{ "guasa", PLATFORM_WEAK, "whatsapp" }, { "wasa", PLATFORM_WEAK, "whatsapp" },
	{ "wsp", PLATFORM_MESSAGING, "whatsapp" }, { "wpp", PLATFORM_MESSAGING, "whatsapp" },
	{ "wasapp", PLATFORM_MESSAGING, "whatsapp" }, { "watsap", PLATFORM_MESSAGING, "whatsapp" },
	{ "whasap", PLATFORM_MESSAGING, "whatsapp" }, { "guatsap", PLATFORM_MESSAGING, "whatsapp" },
	{ "feis", PLATFORM_WEAK, "facebook" }, { "face", PLATFORM_WEAK, "facebook" },
	{ "telegrama", PLATFORM_WEAK, "telegram" },
	{ NULL, 0, NULL }
};

const struct detect_lang lang_es = {
	.code = "es",
	.name = "Spanish",
	.numbers = numbers,
	.platforms = platforms,
	.words = {
	[LEX_PHONE_CUE] = (const char *const[]){
		"llama", "llamame", "llamar", "llamada", "llamas", "llamadme", "marca", "marcame",
		"telefono", "tel", "tlf", "tfno", "telf", "movil", "celular", "cel", "celu", "numero",
		"num", "nro", "contacto", "contactame", "escribeme", "mensaje", "whatsapp",
		"empieza", "termina", "acaba", "mitad", "resto", "cifras", "digitos", "fijo",
		"localizar", NULL },
	[LEX_EMAIL_CUE] = (const char *const[]){ "correo", "email", "mail", "direccion", NULL },
	[LEX_URL_CUE] = (const char *const[]){ "enlace", "pagina", "web", "sitio", NULL },
	[LEX_REF] = (const char *const[]){ "clabe", "cbu", "cvu", "renfe", "ave", "alvia", "tren", "ruc", "rut", "nit", "cedula", "rif", "rnc", "ine", "correos", "seur", "mrw", "andreani", "oca", "servientrega", "coordinadora", "folio", "queja", "radicado", "dhl", "guia", "estafeta", "reclamo", "reclamacion", "clave", "wifi", "contrasena", "ean", "cuit", "cuil", "rfc", "nss", "pieza", "curp",
		"pedido", "pedidos", "orden", "ref", "referencia", "seguimiento", "envio",
		"reserva", "localizador", "factura", "serie", "protocolo", "expediente", "ticket",
		"codigo", "cod", "cuenta", "tarjeta", "paquete", "albaran", "recibo", "cliente",
		"socio", "poliza", "matricula", "bastidor", "lote", "articulo", "modelo",
		"incidencia", "caso", "solicitud", "tramite", "transaccion", "operacion",
		"vuelo", "asiento", "habitacion", "piso", "puerta", "portal", "cp", "postal",
		"dni", "nie", "nif", "cif", "contrato", "devolucion", "reembolso", "suministro",
		"cups", "bono", "talla", "tallas", "nuss", "naf", "catastral", "afiliacion", NULL },
	[LEX_REF_FILLER] = (const char *const[]){
		"de", "del", "n", "no", "nro", "num", "numero", "es", "el", "la", "su", "tu", "mi",
		"o", "nos", NULL },
	[LEX_CURRENCY] = (const char *const[]){ "euros", "eur", "pesos", "dolares", "soles", NULL },
	[LEX_UNIT] = (const char *const[]){
		"talla", "tallas", "kilometros", "kilos", "metros", "litros", "gramos",
		"anos", "cv", "plazas", "m2", "cm", "kms", "km", "centimetros", "mil", NULL },
	[LEX_JOIN] = (const char *const[]){
		"y", "luego", "despues", "e", "mas", "seguido", NULL },
	[LEX_EMAIL_STOP] = (const char *const[]){ NULL },
	[LEX_PROVIDER] = (const char *const[]){ "yimeil", "jimeil", "telefonica", NULL },
	[LEX_AT] = (const char *const[]){ "arroba", NULL },
	[LEX_DOT] = (const char *const[]){ "punto", NULL },
	[LEX_URL_STOP] = (const char *const[]){ "el", "la", "un", "una", "lo", "los", "las", NULL },
	[LEX_CONTACT] = (const char *const[]){ "arreglar", "cerrar", "negociar", "hacerlo", "respondo", "contesto", "hablemos", "sigamos", "escribes",
		"agrega", "agregame", "anademe", "anade", "escribe", "escribeme", "escribime",
		"hablame", "hablamos", "habla", "llamame", "llama", "contactame", "contacta",
		"mandame", "manda", "buscame", "busca", "sigueme", "sigue", "pasame", "pasa",
		"seguimos", "charlamos", "mensaje", "encuentrame", "unete",
		"pasamos", "vamos",
		/* closing the deal: "hagamos por fuera de la app" */
		"hagamos", "hacemos", "cerramos", "cerremos", "arreglamos", "arreglemos",
		"coordinamos", "coordinemos", "negociamos", "tratamos", "pagamos",
		/* "me encontras en insta" */
		"encontras", "encuentras",
		/* "mandamelo al gmail" */
		"mandamelo", "enviamelo", "pasamelo", NULL },
	[LEX_SOCIAL_CONTEXT] = (const char *const[]){
		"privado", "md", "dm", "agrega", "agregame", "sigueme", "usuario",
		"perfil", "cuenta", "escribeme", "buscame", "mandame", "pasame", NULL },
	[LEX_PREP] = (const char *const[]){ "por", "en", "al", "via", "mediante", NULL },
	[LEX_POSSESSIVE] = (const char *const[]){ "mi", "mis", "nuestro", "nuestra", NULL },
	[LEX_ID] = (const char *const[]){ "usuario", "user", "perfil", "cuenta", "nombre", "id", NULL },
	[LEX_IS] = (const char *const[]){ "como", "es", "esta", "seria", NULL },
	[LEX_ME] = (const char *const[]){ "me", NULL },
	[LEX_AFTER_ME] = (const char *const[]){ NULL },
	[LEX_DESCRIPTOR] = (const char *const[]){ "funciona", "cayo", "hackeado", "hackearon", "borro", "borre", "murio", "colgado", "petado",
		"malo", "mala", "lento", "caido", "roto", "privado", "privada", "bloqueado",
		"bloqueada", "lleno", "llena", "muy", NULL },
	[LEX_STREET] = (const char *const[]){ "calle", "avenida", "av", "plaza", NULL },
	[LEX_MENTION] = (const char *const[]){ "agrega", "sigueme", "usuario", NULL },
	[LEX_NEGATION] = (const char *const[]){
		"no", "nunca", "sin", "tampoco", "ni", "jamas", "prefiero", "estafa", "estafas",
		"estafador", "fraude", "prohibido", "normas", "reglas", "politica", NULL },
	[LEX_STAY] = (const char *const[]){ "aqui", "aca", "plataforma", NULL },
	[LEX_SEQUENCE] = (const char *const[]){ "primero", "primeros", "primera", "ultimo", "ultimos", "ultima", "despues", "antes", "luego", "final", "resto", "mitad", "empieza", "termina", "acaba", "segundo", "siguientes", NULL },
	[LEX_OUTSIDE] = (const char *const[]){ "fuera", "afuera", NULL },
	[LEX_ASK] = (const char *const[]){ "pasas", "mandas", "envias", "dejas", "pasarias", "mandarias", "darias", "dame", "pasame", "mandame", "damelo", "pasa", "manda", "envia", "enviame", NULL },
	[LEX_YOUR] = (const char *const[]){ "tu", "tus", "su", "sus", NULL },
	[LEX_FINDME] = (const char *const[]){ "soy", "encuentras", "encontras", "busca", "buscame", "llamo", NULL },
	[LEX_SAME] = (const char *const[]){ "mismo", "misma", NULL },
	[LEX_WHERE] = (const char *const[]){ "bio", "perfil", "descripcion", "anuncio", "publicacion", NULL },
	[LEX_PLATFORM_VERB] = (const char *const[]){ "eame", "eamos", "ear", "eas", "eo", "eeme", NULL },
	[LEX_PLEASE] = (const char *const[]){ "porfa", "porfis", "xfa", "plis", NULL },
	[LEX_MAIL] = (const char *const[]){ "correo", "email", "mail", "emilio", NULL },
	[LEX_PREFER] = (const char *const[]){ "prefiero", "mejor", "preferible", NULL },
	[LEX_HAVE] = (const char *const[]){ "tienes", "tenes", "tiene", "tenis", "tendras", "tendrias", "hay", NULL },
	[LEX_NUMBER_NOUN] = (const char *const[]){ "numero", "num", "nro", "celular", "cel", "celu", "movil", "telefono", "tlf", "whatsapp", NULL },
	[LEX_REACH] = (const char *const[]){ "llamar", "llamarte", "llamarlo", "llamarla", "llamo", "llame", "escribirte", "escribir", "contactarte", "contactar", "localizarte", "ubicarte", "marcarte", "marcar", "mensajearte", "textearte", "escribo", NULL },
	[LEX_YOU_OBJ] = (const char *const[]){ "te", "llamarte", "escribirte", "contactarte", "localizarte", "ubicarte", "marcarte", "mensajearte", "textearte", "usted", NULL },
	[LEX_ADDRESS] = (const char *const[]){ "direccion", "dire", NULL },
	[LEX_INDEFINITE] = (const char *const[]){ "un", "una", "algun", "otro", NULL },
	[LEX_FEE] = (const char *const[]){ "comision", "comisiones", "tarifa", "cuota", NULL },
	[LEX_AVOID] = (const char *const[]){ "ahorrar", "ahorramos", "ahorras", "ahorro", "evitar", "evitamos", "evitas", "sin", NULL },
	[LEX_PAY] = (const char *const[]){ "efectivo", "mano", "bizum", "transferencia", "cancela", "cancelas", "cancelamos", "directo", "directamente", NULL },
	[LEX_CHEAPER] = (const char *const[]){ "barato", "descuento", "menos", "rebaja", NULL },
	[LEX_REVERSE] = (const char *const[]){ "reves", "alreves", "invertido", "inverso", "atras", NULL },
	},
};
