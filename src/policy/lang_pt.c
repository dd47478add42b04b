/* lang_pt: Portuguese (Brazil and Portugal) words for the detectors. */
#include "config.h"

#include "detect_int.h"

static const struct lang_number numbers[] = {
	{ "zero", NUM_DIGIT, 0 }, { "um", NUM_ARTICLE, 1 }, { "uma", NUM_ARTICLE, 1 },
	{ "dois", NUM_DIGIT, 2 }, { "duas", NUM_DIGIT, 2 }, { "tres", NUM_DIGIT, 3 },
	{ "quatro", NUM_DIGIT, 4 }, { "cinco", NUM_DIGIT, 5 }, { "seis", NUM_DIGIT, 6 },
	/* In Brazil six is said "meia" (a half dozen) when reading digits. */
	{ "meia", NUM_DIGIT, 6 }, { "sete", NUM_DIGIT, 7 }, { "oito", NUM_DIGIT, 8 },
	{ "nove", NUM_DIGIT, 9 },
	{ "dez", NUM_TEEN, 10 }, { "onze", NUM_TEEN, 11 }, { "doze", NUM_TEEN, 12 },
	{ "treze", NUM_TEEN, 13 }, { "catorze", NUM_TEEN, 14 }, { "quatorze", NUM_TEEN, 14 },
	{ "quinze", NUM_TEEN, 15 }, { "dezesseis", NUM_TEEN, 16 }, { "dezasseis", NUM_TEEN, 16 },
	{ "dezessete", NUM_TEEN, 17 }, { "dezassete", NUM_TEEN, 17 },
	{ "dezoito", NUM_TEEN, 18 }, { "dezenove", NUM_TEEN, 19 }, { "dezanove", NUM_TEEN, 19 },
	{ "vinte", NUM_TENS, 2 }, { "trinta", NUM_TENS, 3 }, { "quarenta", NUM_TENS, 4 },
	{ "cinquenta", NUM_TENS, 5 }, { "sessenta", NUM_TENS, 6 }, { "setenta", NUM_TENS, 7 },
	{ "oitenta", NUM_TENS, 8 }, { "noventa", NUM_TENS, 9 },
	{ "duplo", NUM_REPEAT, 1 }, { "dobro", NUM_REPEAT, 1 }, { "triplo", NUM_REPEAT, 2 },
	{ "cem", NUM_HUNDRED, 1 }, { "cento", NUM_HUNDRED, 0 }, { "centos", NUM_HUNDRED, 0 }, { "duzentos", NUM_HUNDRED, 2 }, { "trezentos", NUM_HUNDRED, 3 }, { "quinhentos", NUM_HUNDRED, 5 },
	{ NULL, 0, 0 }
};

static const struct lang_platform platforms[] = {
	{ "zap", PLATFORM_WEAK, "whatsapp" }, { "zapzap", PLATFORM_MESSAGING, "whatsapp" },
	{ "zapi", PLATFORM_WEAK, "whatsapp" }, { "zape", PLATFORM_WEAK, "whatsapp" },
	{ "wpp", PLATFORM_MESSAGING, "whatsapp" }, { "wats", PLATFORM_WEAK, "whatsapp" },
	{ "uatsap", PLATFORM_MESSAGING, "whatsapp" }, { "zipzap", PLATFORM_MESSAGING, "whatsapp" },
	{ "face", PLATFORM_WEAK, "facebook" }, { "telegrama", PLATFORM_WEAK, "telegram" },
	/* Instagram's messages, "me chama no direct" */
	{ "direct", PLATFORM_WEAK, "instagram" },
	{ "verdinho", PLATFORM_WEAK, "whatsapp" },
	{ NULL, 0, NULL }
};

const struct detect_lang lang_pt = {
	.code = "pt",
	.name = "Portuguese",
	.numbers = numbers,
	.platforms = platforms,
	.words = {
	[LEX_PHONE_CUE] = (const char *const[]){ "tlm", "telm",
		"liga", "ligue", "ligar", "ligacao", "telefone", "fone", "tel", "telemovel",
		"celular", "cel", "numero", "num", "contato", "contacto", "zap", "whats",
		"chama", "chamar", "manda", "comeca", "termina", "acaba", "metade", "resto",
		"digitos", "fixo", "whatsapp", NULL },
	[LEX_EMAIL_CUE] = (const char *const[]){ "correio", "email", "mail", "endereco", NULL },
	[LEX_URL_CUE] = (const char *const[]){ "link", "pagina", "site", "sitio", NULL },
	[LEX_REF] = (const char *const[]){ "nipc", "comboio", "ctt", "correios", "sedex", "jadlog", "loggi", "reclamacao", "atendimento", "renavam", "barras", "digitavel", "niss", "cnh", "eleitor", "contribuinte", "senha", "wifi", "ean", "rg", "nif",
		"pedido", "pedidos", "encomenda", "ref", "referencia", "rastreio", "rastreamento",
		"rastreo", "envio", "reserva", "fatura", "factura", "nota", "serie", "protocolo",
		"processo", "codigo", "cod", "conta", "cartao", "pacote", "recibo", "cliente",
		"apolice", "matricula", "placa", "chassi", "lote", "artigo", "modelo", "chamado",
		"ocorrencia", "caso", "solicitacao", "transacao", "operacao", "voo", "assento",
		"quarto", "apto", "apartamento", "andar", "cep", "postal", "cpf", "cnpj", "nif",
		"contrato", "devolucao", "reembolso", "boleto", "objeto", "nfe", "tamanho", NULL },
	[LEX_REF_FILLER] = (const char *const[]){
		"de", "do", "da", "n", "no", "num", "numero", "e", "o", "a", "seu", "sua", "meu",
		"minha", NULL },
	[LEX_CURRENCY] = (const char *const[]){ "reais", "real", "euros", "brl", "rs", "conto", "contos", NULL },
	[LEX_UNIT] = (const char *const[]){
		"tamanho", "tamanhos", "quilometros", "quilos", "metros", "litros",
		"gramas", "anos", "cv", "km", "kms", "cm", "mil", NULL },
	[LEX_JOIN] = (const char *const[]){ "e", "depois", "mais", "seguido", NULL },
	[LEX_EMAIL_STOP] = (const char *const[]){ NULL },
	[LEX_PROVIDER] = (const char *const[]){ "uol", "bol", "sapo", NULL },
	[LEX_AT] = (const char *const[]){ "arroba", NULL },
	[LEX_DOT] = (const char *const[]){ "ponto", NULL },
	[LEX_URL_STOP] = (const char *const[]){ "o", "a", "um", "uma", "os", "as", NULL },
	[LEX_CONTACT] = (const char *const[]){ "fecha", "fecho", "combinar", "fechar", "negociar", "acertar", "respondo", "falo",
		"adiciona", "adicione", "add", "chama", "chame", "manda", "mande", "fala",
		"fale", "falamos", "liga", "ligue", "escreve", "escreva", "procura", "procure",
		"segue", "siga", "passa", "passe", "chamar", "conversa", "conversamos", "vamos",
		"continuamos", "bora",
		/* closing the deal: "fechamos por fora do app" */
		"fechamos", "fazemos", "combinamos", "negociamos", "acertamos", "pagamos",
		"resolvemos",
		/* "me encontra no insta" */
		"encontra", "encontras", NULL },
	[LEX_SOCIAL_CONTEXT] = (const char *const[]){
		"privado", "pv", "inbox", "direct", "adiciona", "segue", "siga",
		"usuario", "perfil", "conta", "chama", "manda", "passa", NULL },
	[LEX_PREP] = (const char *const[]){ "no", "na", "pelo", "pela", "por", "via", "em", NULL },
	[LEX_POSSESSIVE] = (const char *const[]){ "meu", "minha", "nosso", "nossa", NULL },
	[LEX_ID] = (const char *const[]){ "usuario", "user", "perfil", "conta", "nome", "id", NULL },
	[LEX_IS] = (const char *const[]){ "como", "e", "eh", "ta", "esta", NULL },
	[LEX_ME] = (const char *const[]){ "me", NULL },
	[LEX_AFTER_ME] = (const char *const[]){ NULL },
	[LEX_DESCRIPTOR] = (const char *const[]){ "quebrou", "travou", "travando", "bugou", "hackeado", "hackearam", "funciona", "parou", "apagou",
		"ruim", "lento", "caiu", "fora", "bloqueado", "bloqueada", "cheio", "cheia",
		"privado", "privada", "muito", NULL },
	[LEX_STREET] = (const char *const[]){ "rua", "avenida", "av", "praca", NULL },
	[LEX_MENTION] = (const char *const[]){ "adiciona", "segue", "siga", "usuario", NULL },
	[LEX_NEGATION] = (const char *const[]){
		"nao", "nunca", "sem", "nem", "jamais", "prefiro", "golpe", "golpes", "golpista",
		"fraude", "proibido", "regras", "politica", NULL },
	[LEX_STAY] = (const char *const[]){ "aqui", "aplicativo", "plataforma", NULL },
	[LEX_SEQUENCE] = (const char *const[]){ "primeiro", "primeiros", "primeira", "ultimo", "ultimos", "ultima", "depois", "antes", "fim", "final", "resto", "metade", "comeca", "termina", "acaba", "segundo", "seguintes", NULL },
	[LEX_OUTSIDE] = (const char *const[]){ "fora", NULL },
	[LEX_ASK] = (const char *const[]){ "passa", "manda", "envia", "mande", "passe", NULL },
	[LEX_YOUR] = (const char *const[]){ "teu", "tua", "seu", "sua", NULL },
	[LEX_FINDME] = (const char *const[]){ "sou", "achas", "acha", "encontra", "encontras", "procura", "procure", NULL },
	[LEX_SAME] = (const char *const[]){ "mesmo", "mesma", NULL },
	[LEX_WHERE] = (const char *const[]){ "bio", "perfil", "descricao", "anuncio", NULL },
	[LEX_PLATFORM_VERB] = (const char *const[]){ "eia", "eie", "ear", "ea", "eamos", NULL },
	[LEX_PLEASE] = (const char *const[]){ "pfv", "pf", "porfavor", "porfa", NULL },
	[LEX_MAIL] = (const char *const[]){ "email", "mail", "emails", NULL },
	[LEX_PREFER] = (const char *const[]){ "prefiro", "melhor", NULL },
	[LEX_HAVE] = (const char *const[]){ "tem", "tens", "teria", "terias", "ha", NULL },
	[LEX_NUMBER_NOUN] = (const char *const[]){ "numero", "num", "celular", "cel", "telefone", "fone", "telemovel", "tlm", "zap", "whats", "whatsapp", NULL },
	[LEX_REACH] = (const char *const[]){ "ligar", "ligo", "ligue", "chamar", "chamo", "falar", "contactar", "contatar", "mandar", "achar", "encontrar", "telefonar", NULL },
	[LEX_YOU_OBJ] = (const char *const[]){ "te", "ti", "voce", "vc", "lhe", "contigo", NULL },
	[LEX_ADDRESS] = (const char *const[]){ "endereco", NULL },
	[LEX_INDEFINITE] = (const char *const[]){ "um", "algum", "outro", NULL },
	[LEX_FEE] = (const char *const[]){ "taxa", "taxas", "comissao", "tarifa", NULL },
	[LEX_AVOID] = (const char *const[]){ "sem", "evita", "evitar", "evitamos", "economiza", "economizar", "poupa", "poupar", "livra", NULL },
	[LEX_PAY] = (const char *const[]){ "dinheiro", "pix", "especie", "mbway", "transferencia", "cancela", "cancelar", "direto", "diretamente", NULL },
	[LEX_CHEAPER] = (const char *const[]){ "barato", "desconto", "menos", NULL },
	[LEX_REVERSE] = (const char *const[]){ "contrario", "invertido", "avesso", NULL },
	[LEX_PROVIDER_WEAK] = (const char *const[]){ "sapo", "bol", NULL },
	},
};
