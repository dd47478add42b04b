/* detect: disguised contact details are caught, everyday texts are not. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proxyhooks/policy/detect.h"
#include "tap.h"

struct hit {
	enum detect_kind kind;
	const char      *text;
};

static const struct hit hits[] = {
	/* phone numbers: separators, spelled digits, look-alikes, country codes */
	{ DETECT_PHONE, "Call me at 415 555 0199 instead \xe2\x98\xba" },
	{ DETECT_PHONE, "4155550199" },
	{ DETECT_PHONE, "415-555-0199" },
	{ DETECT_PHONE, "(415) 555-0199" },
	{ DETECT_PHONE, "415.555.0199" },
	{ DETECT_PHONE, "415/555/0199" },
	{ DETECT_PHONE, "4 1 5 5 5 5 0 1 9 9" },
	{ DETECT_PHONE, "4-1-5-5-5-5-0-1-9-9" },
	{ DETECT_PHONE, "4,1,5,5,5,5,0,1,9,9" },
	{ DETECT_PHONE, "+1 415 555 0199" },
	{ DETECT_PHONE, "+44 7700 900123" },
	{ DETECT_PHONE, "+44 (0) 7700 900123" },
	{ DETECT_PHONE, "+33 6 12 34 56 78" },
	{ DETECT_PHONE, "06 12 34 56 78" },
	{ DETECT_PHONE, "06.12.34.56.78" },
	{ DETECT_PHONE, "four one five five five five zero one nine nine" },
	{ DETECT_PHONE, "4one5 555 oh1 99" },
	{ DETECT_PHONE, "four 1 five 555 zero one 9 nine" },
	{ DETECT_PHONE, "FOUR ONE FIVE, FIVE FIVE FIVE, OH ONE NINE NINE" },
	{ DETECT_PHONE, "fouronefive fivefivefive ohoneninenine" },
	{ DETECT_PHONE, "four one five double five five oh one nine nine" },
	{ DETECT_PHONE, "four fifteen five five five oh one ninety nine" },
	{ DETECT_PHONE, "nine one seven, four fifty six, twenty two thirty" },
	{ DETECT_PHONE, "41O 555 O199" },
	{ DETECT_PHONE, "4l5 555 0l99" },
	{ DETECT_PHONE, "415 555 01 99" },
	{ DETECT_PHONE, "\xef\xbc\x94\xef\xbc\x91\xef\xbc\x95 \xef\xbc\x95\xef\xbc\x95\xef\xbc\x95 "
	    "\xef\xbc\x90\xef\xbc\x91\xef\xbc\x99\xef\xbc\x99" },	/* full-width */
	{ DETECT_PHONE, "\xe2\x9e\x83\xe2\x9e\x80\xe2\x9e\x84 \xe2\x9e\x84\xe2\x9e\x84\xe2\x9e\x84 "
	    "\xe2\x93\xaa\xe2\x9e\x80\xe2\x9e\x88\xe2\x9e\x88" },	/* circled */
	{ DETECT_PHONE, "\xf0\x9d\x9f\x92\xf0\x9d\x9f\x8f\xf0\x9d\x9f\x93 555 0199" },	/* bold */
	{ DETECT_PHONE, "415\xe2\x98\x8e" "555\xe2\x98\x8e" "0199" },	/* emoji between */
	{ DETECT_PHONE, "4 1 5 . 5 5 5 . 0 1 9 9" },
	{ DETECT_PHONE, "text me 555 0199" },
	{ DETECT_PHONE, "call 555-0199 after 6" },
	{ DETECT_PHONE, "my number is 4155550199" },
	{ DETECT_PHONE, "whatsapp +4915123456789" },
	{ DETECT_PHONE, "0044 7700 900123" },
	{ DETECT_PHONE, "+49 151 2345 6789" },
	{ DETECT_PHONE, "tel:4155550199" },
	{ DETECT_PHONE, "call4155550199" },
	{ DETECT_PHONE, "4155550199!!" },
	{ DETECT_PHONE, "four one five - five five five - zero one nine nine" },
	/* groups joined by "... " or ", " are no amount; "31.99123" followed by
	 * another dotted group is no decimal; "the last ones are" is no reference
	 * even after a word that is one in another language ("los") */
	{ DETECT_PHONE, "634... 218... 907 ahi estoy" },
	{ DETECT_PHONE, "936, 512, 874 liga-me" },
	{ DETECT_PHONE, "cel 41.98812.3456" },
	{ DETECT_PHONE, "los ultimos son 7781, antes va 11 5093" },
	{ DETECT_PHONE, "9l3 45S 78B" },		/* a capital look-alike closing a group */
	{ DETECT_PHONE, "(0xx31) 98812-3456" },		/* Brazil's carrier placeholder */
	{ DETECT_PHONE, "cuatro uno cinco cinco cinco cinco cero uno nueve nueve" },
	{ DETECT_PHONE, "plus four four seven seven zero zero nine zero zero one two three" },
	{ DETECT_PHONE, "4 one 5 five 5 five 0 one 9 nine" },
	{ DETECT_PHONE, "seven seven zero zero, nine zero zero, one two three" },
	{ DETECT_PHONE, "415\xe2\x80\x8b" "555\xe2\x80\x8b" "0199" },	/* zero-width space */
	{ DETECT_PHONE, "4\xc2\xa0" "1\xc2\xa0" "5 555 0199" },	/* no-break space */
	{ DETECT_PHONE, "Call me: 415\xe2\x80\x93" "555\xe2\x80\x93" "0199" },	/* en dash */
	{ DETECT_PHONE, "my cell (415)555.0199 thanks" },
	{ DETECT_PHONE, "Reach me on +1-415-555-0199." },
	{ DETECT_PHONE, "Delivered 11/30/2026, call 4155550199" },
	{ DETECT_PHONE, "4 I 5 555 0199" },
	{ DETECT_PHONE, "4\xef\xb8\x8f\xe2\x83\xa3" "1\xef\xb8\x8f\xe2\x83\xa3" "5 555 0199" },	/* keycaps */
	{ DETECT_PHONE, "\xd9\xa0\xd9\xa7\xd9\xa7\xd9\xa0\xd9\xa0 \xd9\xa9\xd9\xa0\xd9\xa0"
	    "\xd9\xa1\xd9\xa2\xd9\xa3" },	/* Arabic-Indic 07700 900123 */
	{ DETECT_PHONE, "one-four-one-five-five-five-zero-one-nine-nine" },
	{ DETECT_PHONE, "FouR OnE fIvE fivE fIVE FIVE zero ONE nine NINE" },
	{ DETECT_PHONE, "my number: 4 1 5 5 5 5 0 1 9 9 thx" },
	{ DETECT_PHONE, "+1(415)555-0199" },
	{ DETECT_PHONE, "07700 900123" },

	/* e-mail addresses, plain and written out */
	{ DETECT_EMAIL, "bob@example.com" },
	{ DETECT_EMAIL, "Email me: NAME@EXAMPLE.COM" },
	{ DETECT_EMAIL, "first.last+tag@sub.example.org" },
	{ DETECT_EMAIL, "name at example dot com" },
	{ DETECT_EMAIL, "bob AT example DOT com" },
	{ DETECT_EMAIL, "name (at) example (dot) com" },
	{ DETECT_EMAIL, "name[at]example[dot]com" },
	{ DETECT_EMAIL, "bob{at}example{dot}com" },
	{ DETECT_EMAIL, "name @ example . com" },
	{ DETECT_EMAIL, "bob @ example.com" },
	{ DETECT_EMAIL, "bob@example dot com" },
	{ DETECT_EMAIL, "bob at example.com" },
	{ DETECT_EMAIL, "bob_22 at gmail dot com" },
	{ DETECT_EMAIL, "bob.smith at gmail" },
	{ DETECT_EMAIL, "bob22 (at) gmail" },
	{ DETECT_EMAIL, "bob [at] gmail [dot] com" },
	{ DETECT_EMAIL, "bob<at>example<dot>co<dot>uk" },
	{ DETECT_EMAIL, "bob at example dot co dot uk" },
	{ DETECT_EMAIL, "bob at the rate gmail dot com" },
	{ DETECT_EMAIL, "bob arroba gmail punto com" },
	{ DETECT_EMAIL, "bob\xef\xbc\xa0" "example\xef\xbc\x8e" "com" },	/* full-width @ . */
	{ DETECT_EMAIL, "bob@example\xe3\x80\x82" "com" },		/* ideographic stop */
	{ DETECT_EMAIL, "b\xd0\xbe" "b@\xd0\xb5\xd1\x85\xd0\xb0mple.com" },	/* Cyrillic */
	{ DETECT_EMAIL, "b.o.b@example.io" },
	{ DETECT_EMAIL, "mail me at bob dot smith at gmail dot com" },
	{ DETECT_EMAIL, "bob(at)example(dot)net" },
	{ DETECT_EMAIL, "bob (@) example (.) com" },
	{ DETECT_EMAIL, "bob[@]example[.]com" },
	{ DETECT_EMAIL, "bob @gmail.com" },
	{ DETECT_EMAIL, "bob@ gmail . com" },
	{ DETECT_EMAIL, "reach me: jane.doe@mail.co.uk thanks" },
	{ DETECT_EMAIL, "BOB AT HOTMAIL" },
	{ DETECT_EMAIL, "bob at yahoo dot co dot uk" },
	{ DETECT_EMAIL, "bob_smith99 at outlook dot com" },
	{ DETECT_EMAIL, "\xe2\x93\x91\xe2\x93\x9e\xe2\x93\x91@\xe2\x93\x94\xe2\x93\xa7\xe2\x93\x90"
	    "\xe2\x93\x9c\xe2\x93\x9f\xe2\x93\x9b\xe2\x93\x94.\xe2\x93\x92\xe2\x93\x9e\xe2\x93\x9c" },
	{ DETECT_EMAIL, "\xf0\x9d\x90\x9b\xf0\x9d\x90\xa8\xf0\x9d\x90\x9b@example.com" },	/* bold */
	{ DETECT_EMAIL, "bob at example dot de" },
	{ DETECT_EMAIL, "email: bob123@protonmail.ch" },
	{ DETECT_EMAIL, "write to bob-jones at icloud" },
	{ DETECT_EMAIL, "bob{@}example{.}com" },
	{ DETECT_EMAIL, "bob @ example dot org" },
	{ DETECT_EMAIL, "bob<at>gmail<dot>com" },
	{ DETECT_EMAIL, "bob (at) example . com" },
	{ DETECT_EMAIL, "b\xe2\x80\x8bo\xe2\x80\x8b" "b@example.com" },	/* zero-width */

	/* links, with or without a scheme */
	{ DETECT_URL, "https://x.co/abc" },
	{ DETECT_URL, "http://example.com" },
	{ DETECT_URL, "HTTPS://EXAMPLE.COM/PAGE" },
	{ DETECT_URL, "www.example.com" },
	{ DETECT_URL, "example.com/page" },
	{ DETECT_URL, "bit.ly/xyz" },
	{ DETECT_URL, "example dot com" },
	{ DETECT_URL, "go to example(dot)com" },
	{ DETECT_URL, "example[.]com" },
	{ DETECT_URL, "example . com" },
	{ DETECT_URL, "www dot example dot com" },
	{ DETECT_URL, "hxxps://evil.example/x" },
	{ DETECT_URL, "t.me/bob" },
	{ DETECT_URL, "wa.me/14155550199" },
	{ DETECT_URL, "tinyurl.com/abc123" },
	{ DETECT_URL, "check example.org" },
	{ DETECT_URL, "shop.example.io" },
	{ DETECT_URL, "linktr.ee/bob" },
	{ DETECT_URL, "example.com?ref=1" },
	{ DETECT_URL, "example.com:8080" },
	{ DETECT_URL, "http : //example.com" },
	{ DETECT_URL, "https//example.com" },
	{ DETECT_URL, "example\xe3\x80\x82" "com" },
	{ DETECT_URL, "example\xef\xbc\x8e" "com" },
	{ DETECT_URL, "EXAMPLE.COM" },
	{ DETECT_URL, "www.example" },
	{ DETECT_URL, "my shop: example.store/item" },
	{ DETECT_URL, "goo.gl/abc" },
	{ DETECT_URL, "example.co.uk" },
	{ DETECT_URL, "example dot co dot uk" },
	{ DETECT_URL, "example(.)com" },
	{ DETECT_URL, "example {dot} net" },
	{ DETECT_URL, "see example punto com" },
	{ DETECT_URL, "ftp://files.example.net" },
	{ DETECT_URL, "example.de" },
	{ DETECT_URL, "example.xyz" },
	{ DETECT_URL, "exa-mple.com" },
	{ DETECT_URL, "\xd0\xb5\xd1\x85\xd0\xb0mple.com" },	/* Cyrillic */
	{ DETECT_URL, "Visit http://192.168.1.1/admin" },
	{ DETECT_URL, "rb.gy/abc" },
	{ DETECT_URL, "is.gd/abc" },
	{ DETECT_URL, "www[.]example[.]com" },
	{ DETECT_URL, "see https://example.com." },
	{ DETECT_URL, "instagram.com/bob" },
	{ DETECT_URL, "example . net/page" },

	/* "move to another app" */
	{ DETECT_HANDLE, "whatsapp me" },
	{ DETECT_HANDLE, "add me on telegram @bob_22" },
	{ DETECT_HANDLE, "my insta is @foo" },
	{ DETECT_HANDLE, "text me on WhatsApp" },
	{ DETECT_HANDLE, "hit me up on signal" },
	{ DETECT_HANDLE, "snap me" },
	{ DETECT_HANDLE, "signal me" },
	{ DETECT_HANDLE, "WhatsApp?" },
	{ DETECT_HANDLE, "let's talk on whats app" },
	{ DETECT_HANDLE, "w h a t s a p p me" },
	{ DETECT_HANDLE, "wh4tsapp" },
	{ DETECT_HANDLE, "watsapp me pls" },
	{ DETECT_HANDLE, "Whatsaap" },
	{ DETECT_HANDLE, "telegram: @bob" },
	{ DETECT_HANDLE, "find me on ig" },
	{ DETECT_HANDLE, "follow me on insta" },
	{ DETECT_HANDLE, "dm me on instagram" },
	{ DETECT_HANDLE, "my snap is bob_22" },
	{ DETECT_HANDLE, "add me on snap: bob" },
	{ DETECT_HANDLE, "my ig: bobby" },
	{ DETECT_HANDLE, "add me @bobby" },
	{ DETECT_HANDLE, "@bob_22 is my name there" },
	{ DETECT_HANDLE, "my fb is John Smith" },
	{ DETECT_HANDLE, "message me on fb" },
	{ DETECT_HANDLE, "viber?" },
	{ DETECT_HANDLE, "we can chat on wechat" },
	{ DETECT_HANDLE, "skype me" },
	{ DETECT_HANDLE, "hmu on snap" },
	{ DETECT_HANDLE, "my tg @bob" },
	{ DETECT_HANDLE, "telegr\xd0\xb0m" },	/* Cyrillic a */
	{ DETECT_HANDLE, "Add me on Signal: bob.01" },
	{ DETECT_HANDLE, "tele gram me" },
	{ DETECT_HANDLE, "snap chat: bob" },
	{ DETECT_HANDLE, "my insta @foo" },
	{ DETECT_HANDLE, "\xe2\x93\xa6\xe2\x93\x97\xe2\x93\x90\xe2\x93\xa3\xe2\x93\xa2\xe2\x93\x90"
	    "\xe2\x93\x9f\xe2\x93\x9f" },	/* circled letters */
	{ DETECT_HANDLE, "WHATSAPP ME" },
	{ DETECT_HANDLE, "contact me via telegram" },
	{ DETECT_HANDLE, "facetime me" },
	{ DETECT_HANDLE, "imessage me" },
	{ DETECT_HANDLE, "kik me" },
	{ DETECT_HANDLE, "ping me on discord" },
	{ DETECT_HANDLE, "my snapchat is bob" },
	{ DETECT_HANDLE, "reach me on tiktok" },
	{ DETECT_HANDLE, "write me on facebook" },
	{ DETECT_HANDLE, "w.h.a.t.s.a.p.p" },
	{ DETECT_HANDLE, "wa me" },
	{ DETECT_HANDLE, "insta: @foo.bar" },
	{ DETECT_HANDLE, "t e l e g r a m" },
	{ DETECT_HANDLE, "whats\xe2\x80\x8b" "app" },	/* zero-width space inside */
	{ DETECT_HANDLE, "te1egram" },

	/* the six languages, one case per trick */
	{ DETECT_PHONE, "seis uno dos, tres cuatro cinco, seis siete ocho" },
	{ DETECT_PHONE, "z\xc3\xa9ro six, douze, trente-quatre, cinquante-six, soixante-dix-huit" },
	{ DETECT_PHONE, "zero six quatre-vingt-dix-neuf vingt et un onze douze" },
	{ DETECT_PHONE, "null eins sieben vierundf\xc3\xbcnfzig zw\xc3\xb6lf dreiundzwanzig acht" },
	{ DETECT_PHONE, "onze nove meia meia meia dois tr\xc3\xaas quatro cinco" },
	{ DETECT_PHONE, "tre quattro sette, trentaquattro, ventotto, cinquantasei" },
	{ DETECT_PHONE, "seiscientos cincuenta y cinco, ciento veintitr\xc3\xa9s, novecientos ochenta y siete" },
	{ DETECT_PHONE, "oh seven seven hundred nine hundred four eight one" },
	{ DETECT_PHONE, "612... 34 and then 5678 9" },
	{ DETECT_PHONE, "612 345 678" },
	{ DETECT_PHONE, "ok 6 55 44 33 22" },
	{ DETECT_PHONE, "93 611 22 33" },
	{ DETECT_PHONE, "6\xef\xb8\x8f\xe2\x83\xa3" "1\xef\xb8\x8f\xe2\x83\xa3" "2\xef\xb8\x8f\xe2\x83\xa3 345 678" },
	{ DETECT_PHONE, "O6 SS 44 33 22" },
	{ DETECT_PHONE, "mi n\xc3\xbamero empieza por 612 345 y termina en 678" },
	{ DETECT_PHONE, "die ersten 0664 123, dann 45 67" },
	{ DETECT_EMAIL, "lisa.huber Klammeraffe gmx punkt at" },
	{ DETECT_EMAIL, "francesca.conti chiocciola virgilio punto it" },
	{ DETECT_EMAIL, "sophie.lambert chez skynet point be" },
	{ DETECT_EMAIL, "jo\xc3\xa3o arroba exemplo ponto com ponto br" },
	{ DETECT_EMAIL, "j a n e . d o e @ g m a i l . c o m" },
	{ DETECT_EMAIL, "l-i-s-a @ e-x-a-m-p-l-e . a-t" },
	{ DETECT_EMAIL, "my gmail is jane.doe88" },
	{ DETECT_EMAIL, "mi gmail es jane.doe88" },
	{ DETECT_EMAIL, "jane.doe88 on hotmail" },
	{ DETECT_URL, "visita loja ponto com ponto br" },
	{ DETECT_URL, "negozioesempio punto it" },
	{ DETECT_URL, "demenagexpress (point) be" },
	{ DETECT_HANDLE, "mi ig es juanito_22" },
	{ DETECT_HANDLE, "mein Insta ist lena.m" },
	{ DETECT_HANDLE, "snap : julie_m_93" },
	{ DETECT_HANDLE, "me chama no zap" },
	{ DETECT_HANDLE, "escribeme al wsp" },
	{ DETECT_HANDLE, "manda um zapzap" },
	{ DETECT_HANDLE, "hablamos por guasap" },
	{ DETECT_HANDLE, "whatsappami stasera" },		/* the app's name made a verb */
	{ DETECT_HANDLE, "wasapeame cuando salgas" },
	{ DETECT_HANDLE, "no insta sou Rita_Bolos" },		/* who one is there */
	{ DETECT_HANDLE, "en face soy Mariela Tortas" },
	{ DETECT_HANDLE, "facciamo fuori dall'app" },		/* a deal off the platform */
	{ DETECT_HANDLE, "fechamos por fora do aplicativo" },
	{ DETECT_HANDLE, "mi instagram vero_tortas_mza" },
	{ DETECT_HANDLE, "qual o seu zap?" },			/* asks for theirs */
	{ DETECT_HANDLE, "mi trovi su fb come Anna Ricami" },
	{ DETECT_EMAIL, "rocio diaz 77 arroba gmail punto com" },	/* spaced local part */
	{ DETECT_EMAIL, "mi correo es rocio.diaz77 de gmail" },
	{ DETECT_HANDLE, "escribime al hotmail, mi nombre todo junto" },	/* to me, at a provider */
	{ DETECT_HANDLE, "me procura no gmail" },
	{ DETECT_HANDLE, "link na bio" },			/* left where the other finds it */
	{ DETECT_HANDLE, "te dejo mi numero en la descripcion del perfil" },
	{ DETECT_URL, "noleggio24roma.it" },			/* a weak TLD after a marked name */
	{ DETECT_URL, "il sito: noleggioroma.it" },
	{ DETECT_HANDLE, "telegram mudanzas_tito" },		/* a marked name next to it */
	{ DETECT_HANDLE, "ig -> vero.tortas" },
	{ DETECT_HANDLE, "vero.tortas en insta" },
	{ DETECT_HANDLE, "me encontras como @vero.tortas" },
	{ DETECT_HANDLE, "su instagram mi trovi come anna.ricami" },
	{ DETECT_HANDLE, "\xf0\x9f\x91\xbb nico_brs" },		/* Snapchat's ghost */
	{ DETECT_HANDLE, "\xf0\x9f\x93\xb8: vero.tortas" },	/* a camera */
	{ DETECT_HANDLE, "ajoute moi sur le snap" },
	{ DETECT_HANDLE, "schreib mir per WApp" },
	{ DETECT_HANDLE, "bin auf whatsi, gleiche nummer wie im profil" },
	{ DETECT_HANDLE, "snap c lea.b2002" },		/* an is-word without "my" */
	{ DETECT_HANDLE, "insta is caro_nails" },
	{ DETECT_PHONE, "mi numero 06123, 45678" },	/* no shared first digits */
	{ DETECT_EMAIL, "giulia_rossi85 (gmail)" },		/* the provider in brackets */
	{ DETECT_URL, "t . me / vanmanmike" },			/* a spaced link and path */
	{ DETECT_HANDLE, "me chama no direct" },		/* Instagram's messages */
	{ DETECT_PHONE, "tlm 926.381.554" },			/* like an amount, with a cue */
	{ DETECT_PHONE, "empieza por 644 73 y acaba en 2019" },	/* a part like a year */
	{ DETECT_EMAIL, "s-o-p-h-i-e-d-7-5-@-g-m-a-i-l-.-c-o-m" },
	{ DETECT_EMAIL, "meine mail: lena punkt hofer at example punkt at" },
	{ DETECT_PHONE, "ring 2I2-SSS-OlO8" },			/* look-alikes between dashes */
	{ DETECT_HANDLE, "on peut continuer sur WhatsApp ? l'appli rame" },
	{ DETECT_HANDLE, "podemos combinar por fora e eu tiro a taxa" },
	{ DETECT_HANDLE, "we can do it outside the app and skip the fee" },
	{ DETECT_HANDLE, "lets sort the rest over signal" },
	{ DETECT_PHONE, "07700 no space 900 no space 612" },	/* a repeated filler */
	{ DETECT_PHONE, "0176 haha 55 haha 42 haha 3318" },
	{ DETECT_PHONE, "07x700x900x381 ignore the x's" },	/* a repeated letter */
	{ DETECT_PHONE, "#07700 #900 #218" },
	{ DETECT_PHONE, "zer0 sev3n sev3n zer0 zer0 n1ne zer0 zer0 f0ur tw0 tw0" },
	{ DETECT_PHONE, "z\xc3\xa9r0 s1x, tr3nte-n3uf, qu4tre-v1ngt-d1x-hu1t, s3ize" },
	{ DETECT_PHONE, "Nu11 3ins s3chs zw0 v1er dr3i n3un acht s1eben" },
	{ DETECT_EMAIL, "nath.girard(a)example.be" },
	{ DETECT_EMAIL, "kathi.huber Affenschwanz example.at" },
	{ DETECT_EMAIL, "k4t13.m0rr1s@gm41l.c0m" },		/* digits for letters in the TLD */
	{ DETECT_HANDLE, "pay cash on pickup and we both skip the 12% fee" },
	{ DETECT_HANDLE, "wenn du bar zahlst, sparen wir beide die Geb\xc3\xbchr" },
	{ DETECT_HANDLE, "au\xc3\x9f" "erhalb der App mach ich's dir 30 \xe2\x82\xac billiger" },
	{ DETECT_HANDLE, "schreib mir auf Wots\xc3\xa4pp, geht schneller" },
	{ DETECT_PHONE, "call the shop on (312) 555-VANS" },	/* a vanity number */
	{ DETECT_PHONE, "\xc3\xa0 l'envers : 72 14 89 93 60" },	/* told to be read backwards */
	{ DETECT_PHONE, "mera number: nau aath saat chaar, paanch paanch teen, do do ek" },
	{ DETECT_PHONE, "6 52 18 47 39 apr\xc3\xa8s 18h" },	/* a time after the join */
	{ DETECT_HANDLE, "mejor por guasap que por aqui no me entero" },
	{ DETECT_HANDLE, "k\xc3\xb6nnen wir das \xc3\xbc" "ber signal kl\xc3\xa4ren?" },
	{ DETECT_HANDLE, "just send it on WA, quicker" },
	{ DETECT_HANDLE, "tu me files ton 06 ? je t'appelle" },	/* "06": a mobile */
	/* here said in another sentence than a question proposing the app */
	{ DETECT_HANDLE, "k\xc3\xb6nnen wir das per WhatsApp kl\xc3\xa4ren? hier dauert alles ewig" },
	{ DETECT_HANDLE, "possiamo continuare su whatsapp? qui i messaggi arrivano in ritardo" },
	/* Hindi mixed in: the postposition, the verb-making word, asking */
	{ DETECT_HANDLE, "WA pe ping karo bro" },
	{ DETECT_HANDLE, "whatsapp kar do, yahan reply late hota hai" },
	{ DETECT_HANDLE, "bhaiya apna number bhejo, call karke samjha dunga" },
	{ DETECT_HANDLE, "gib mer dini Natelnummer" },		/* Swiss German */
	{ DETECT_HANDLE, "mi lasci il tuo numero di cell?" },
	/* a provider that is an everyday word, with what makes it mail */
	{ DETECT_EMAIL, "la mia libero \xc3\xa8 giulia_rossi85" },
	{ DETECT_EMAIL, "libero: giulia.rossi85" },
	{ DETECT_EMAIL, "giulia.rossi85 su libero" },
	{ DETECT_EMAIL, "l'adresse c'est celle d'orange, sophie.lambert" },
	/* "um" among digits told one at a time is Portuguese's one */
	{ DETECT_PHONE, "liga 9 um 4 55 zero 7 oito 2" },
	/* a number of theirs asked for, to call them on */
	{ DETECT_HANDLE, "do you have a number I can call?" },
	{ DETECT_HANDLE, "what number can I reach you on?" },
	{ DETECT_HANDLE, "t'aurais pas un num\xc3\xa9ro o\xc3\xb9 je peux t'appeler plut\xc3\xb4t ?" },
	{ DETECT_HANDLE, "tienes un n\xc3\xbamero donde te pueda llamar?" },
	{ DETECT_HANDLE, "voc\xc3\xaa tem algum n\xc3\xbamero que eu possa te ligar?" },
	{ DETECT_HANDLE, "hast du ne Nummer, unter der ich dich anrufen kann?" },
	{ DETECT_HANDLE, "c'hai un numero per chiamarti?" },
	{ DETECT_HANDLE, "t'as un 06 ?" },
	/* a verb after an elision; an address that is an email */
	{ DETECT_HANDLE, "tu m'envoies ton num\xc3\xa9ro" },
	{ DETECT_HANDLE, "tu peux m'envoyer ton adresse mail ?" },
	{ DETECT_HANDLE, "me pasas tu direcci\xc3\xb3n de correo?" },
	{ DETECT_HANDLE, "manda seu e-mail" },
	{ DETECT_HANDLE, "schickst du mir deine Mailadresse?" },
	{ DETECT_EMAIL, "meine gmx addy ist tim.hoffmann77" },
	/* "das" asks after "me"; the talk moved to text messages */
	{ DETECT_HANDLE, "me das tu numero?" },
	{ DETECT_HANDLE, "me das un numero para llamarte?" },
	{ DETECT_HANDLE, "me d\xc3\xa1 seu zap a\xc3\xad" },
	{ DETECT_HANDLE, "on peut continuer par texto? l'appli prend 20% de commission" },
	{ DETECT_HANDLE, "seguimos por sms mejor" },
	{ DETECT_HANDLE, "can we move this to text?" },
	/* asked with "cual"/"qual", an infinitive after "can you" */
	{ DETECT_HANDLE, "cual es tu numero te marco cuando este cerca" },
	{ DETECT_HANDLE, "qual e o seu numero te ligo quando tiver perto" },
	{ DETECT_HANDLE, "pode passar o seu email para eu mandar as fotos" },
	{ DETECT_HANDLE, "puedes pasarme tu numero" },
	{ DETECT_HANDLE, "mi pu\xc3\xb2 dare la sua email cos\xc3\xac le mando il contratto" },
	/* a preference for the app, not against it */
	{ DETECT_HANDLE, "je pr\xc3\xa9" "f\xc3\xa8re qu'on continue sur WhatsApp, vous aurez le m\xc3\xaame prix" },
	{ DETECT_HANDLE, "w\xc3\xbcrde ich lieber auf WhatsApp weiterschreiben" },
	{ DETECT_HANDLE, "ci sentiamo su whats che qua i messaggi arrivano in ritardo" },
	/* mail as a verb */
	{ DETECT_HANDLE, "just gmail it to me, its sarahk.lettings" },
	{ DETECT_HANDLE, "email it to me" },
	{ DETECT_HANDLE, "the last guy wanted to move to telegram, you ok with that?" },
	/* short questions for a detail or an app */
	{ DETECT_HANDLE, "ur email?" },
	{ DETECT_HANDLE, "ton 06 ?" },
	{ DETECT_HANDLE, "tel stp" },
	{ DETECT_HANDLE, "Handynr?" },
	{ DETECT_HANDLE, "tem zap?" },
	{ DETECT_HANDLE, "hast du Tele? dort weiter" },
	{ DETECT_HANDLE, "u on whats?" },
	{ DETECT_HANDLE, "mi dai il num?" },
	{ DETECT_HANDLE, "gib ma dei Nummer" },
	/* apps named by their look; a preposition glued to the name */
	{ DETECT_HANDLE, "mejor hablamos por la app verde, la del telefonito" },
	{ DETECT_HANDLE, "je r\xc3\xa9ponds bcp plus vite sur l'appli verte" },
	{ DETECT_HANDLE, "sull'app verde rispondo subito, qui ci metto ore" },
	{ DETECT_HANDLE, "continuiamo sull'aeroplanino di carta?" },
	{ DETECT_HANDLE, "easier if we chat where the blue ticks are" },
	/* a way to reach the other past the platform */
	{ DETECT_HANDLE, "how do i reach u when im not on the app?" },
	{ DETECT_HANDLE, "como te ubico fuera de la app?" },
	{ DETECT_HANDLE, "wie erreich ich dich au\xc3\x9f" "erhalb von der Plattform?" },
	{ DETECT_HANDLE, "a donde te puedo escribir directo sin que nos cobren la comision?" },
	/* an address left, theirs asked for with the noun left out, the
	 * address told as the user name here */
	{ DETECT_HANDLE, "dejame un mail y te mando la factura por fuera" },
	{ DETECT_HANDLE, "te mando un mensajito normal si me pasas el tuyo" },
	{ DETECT_HANDLE, "el correo es igual a mi usuario de aca, en gmail" },
	{ DETECT_HANDLE, "my email is just my username on here at outlook" },
	/* text messages preferred or asked for */
	{ DETECT_HANDLE, "sms plutot ?" },
	{ DETECT_HANDLE, "schreib mir lieber per SMS" },
	{ DETECT_HANDLE, "mandami un sms dai" },
	{ DETECT_HANDLE, "passe moi un coup de fil ce soir, le num\xc3\xa9ro est sur ma photo de profil" },
	{ DETECT_HANDLE, "sc \xe2\x86\x92 tommy.b99" },
	/* digits among words that mean nothing; parts told sentences apart;
	 * a number dressed as a price; an odd at-word; a misspelt provider */
	{ DETECT_PHONE, "c'est le 06 euh 23 bref 71 voila 48 quoi 95" },
	{ DETECT_PHONE, "meine nr ist 0151 \xc3\xa4hm 23 also 45 halt 67 \xc3\xa4h 89" },
	{ DETECT_PHONE, "first bit is 0412 555. anyway the couch is still there if ur keen. other bit 019" },
	{ DETECT_PHONE, "+41 76 c'est le d\xc3\xa9" "but. j'suis \xc3\xa0 Lausanne samedi. et apr\xc3\xa8s 318 27 45" },
	{ DETECT_PHONE, "Prix final : 06.47.82.19.35 \xe2\x82\xac appelle ce prix" },
	{ DETECT_EMAIL, "mon mail: thomas.renard (arobaz) example (pt) com" },
	{ DETECT_EMAIL, "send pics to dave_r88 @ hotmial . con" },
	/* dots written out inside a user name; a French "bon" and "piano"
	 * name nothing */
	{ DETECT_EMAIL, "my gmail is sam dot fixes dot homes, send the pics there" },
	{ DETECT_EMAIL, "meu hotmail \xc3\xa9 edu ponto reparos, manda as fotos l\xc3\xa1" },
	{ DETECT_PHONE, "bon pour le scooter : 06 puis 62 puis 14... je t'envoie le reste apres, 81 30" },
	{ DETECT_PHONE, "pour les cours de piano c'est le 06 39 98 20 54, laissez un msg" },
	/* parts told apart by words that tell parts */
	{ DETECT_PHONE, "ends in 0119, area code 917 then 555" },
	{ DETECT_PHONE, "Anfang 0176 48, Ende 27 710" },
	{ DETECT_PHONE, "o final \xc3\xa9 5590, o come\xc3\xa7o \xc3\xa9 (47) 99123" },
	/* Swiss German digits; a PIX key that is a phone number */
	{ DETECT_PHONE, "n\xc3\xbcll sibe n\xc3\xbc\xc3\xbcn, dr\xc3\xbc vier f\xc3\xbc" "f, s\xc3\xa4" "chs sibe, acht zw\xc3\xb6i" },
	{ DETECT_PHONE, "pix: (11) 98812-4470, manda direto" },
	{ DETECT_HANDLE, "me chama no privado do insta" },
	{ DETECT_HANDLE, "my number is the one on my profile pic, just text me there" },
	/* a unit's word after a number of nine digits or more is no unit */
	{ DETECT_PHONE, "babysitting confirmed for sat. my husbands no is 9876501234 in case you cant reach me here" },
	{ DETECT_PHONE, "call 07700900123 in the evening" },
	{ DETECT_PHONE, "llamame al 612458903 mi amor" },
	{ DETECT_PHONE, "chiamami al 3471234567 mi raccomando" },
	{ DETECT_PHONE, "me chama no 11987654321 rs" },
	{ DETECT_PHONE, "call 07700900123 try after 6" },
	/* everyday words that are also reference words, used as such */
	{ DETECT_PHONE, "en caso de que no conteste 612458903" },
	{ DETECT_PHONE, "in case the app dies 07700 900123" },
	{ DETECT_PHONE, "per ogni caso 3471234567" },
	{ DETECT_PHONE, "pour avoir plus d'infos 06 12 34 56 78" },
	{ DETECT_PHONE, "je suis client depuis longtemps 06 12 34 56 78" },
	{ DETECT_PHONE, "te paso los datos: 612458903" },
	{ DETECT_PHONE, "im in charge of the house, 07700 900123" },
	{ DETECT_PHONE, "estoy en el portal, 612458903" },
	{ DETECT_PHONE, "nuu sibe n\xc3\xbc\xc3\xbcn, vier zwei f\xc3\xbc\xc3\xbc" "f, s\xc3\xa4" "chs eis, dr\xc3\xbc acht" },
	{ DETECT_HANDLE, "whats ur numbr po, i'll text you the details na lang" },
	{ DETECT_HANDLE, "pm me on fb" },
	{ DETECT_HANDLE, "inbox me on fb" },
	{ DETECT_PHONE, "appelle moi au 0612345678 18h" },
	{ DETECT_PHONE, "my number 07700900123 1st floor flat" },
	{ DETECT_PHONE, "6 7 1 ... 20 ... 45 ... 88" },
	{ DETECT_PHONE, "9 6 1 ... 305 ... 882" },
	{ DETECT_HANDLE, "fechado, e me passa teu numero caso eu me perca blz?" },
	{ DETECT_HANDLE, "ok pour samedi, tu me laisses ton 06 au cas ou ?" },
	{ DETECT_HANDLE, "can u just ring me on my mobile instead? ill send u the number" },
	{ DETECT_HANDLE, "same name on insta" },
	{ DETECT_HANDLE, "stesso nome su whatsapp" },
	{ DETECT_HANDLE, "haste ne Nummer wo ich dich erreich? die App nervt echt" },
	{ DETECT_HANDLE, "hai un numero dove posso beccarti? sta app mi fa impazzire" },
	{ DETECT_HANDLE, "le mieux c de se capter en dehors de l'appli, ils prennent 15% pour rien" },
	{ DETECT_HANDLE, "tu me trouves facile sur fb en tapant mon nom" },
	{ DETECT_HANDLE, "find me on fb marketplace as Lisa Grant Furniture" },
	/* an aside between groups; the numbers put together as told */
	{ DETECT_PHONE, "el 622 (perdon se me corto) 90 (uff) 14 (ya casi) 57 y listo" },
	{ DETECT_PHONE, "la cuna la dejo en 6.45 y la banera en 912.378 jaja si juntas los precios ya sabes donde llamarme" },
	{ DETECT_PHONE, "o sofa e R$ 98.765 e a estante R$ 4321 kkk junta os dois e me liga com ddd 11" },
	/* another way asked for; an app preferred; texts preferred or
	 * compared with here; written to there */
	{ DETECT_HANDLE, "tienes algun otro medio donde te pueda escribir? aqui no me llegan los msjs" },
	{ DETECT_HANDLE, "tem algum outro jeito de falar contigo fora daqui? o app nao me notifica" },
	{ DETECT_HANDLE, "any other way to reach you?" },
	{ DETECT_HANDLE, "gibt es eine andere M\xc3\xb6glichkeit dich zu erreichen?" },
	{ DETECT_HANDLE, "como falo contigo fora daqui?" },
	{ DETECT_HANDLE, "easier on WA mate, ill send a vid of the telly working" },
	{ DETECT_HANDLE, "quicker on WA" },
	{ DETECT_HANDLE, "airbnb takes 15% off me, if you pay by bank transfer and we sort it by text ill do the 4 nights for 300" },
	{ DETECT_HANDLE, "envoyez moi plutot un texto quand vous etes devant le portail" },
	{ DETECT_HANDLE, "on se dira tout par sms \xc3\xa7" "a ira plus vite qu'ici" },
	{ DETECT_HANDLE, "ma page fb c'est Nounou Sophie Bordeaux, \xc3\xa9" "crivez moi l\xc3\xa0-bas je reponds le soir" },
	{ DETECT_HANDLE, "our fb page is Sparkle Cleaning Leeds, message me there" },
	{ DETECT_HANDLE, "t'aurais pas whats ?" },
	{ DETECT_HANDLE, "Das Angebot f\xc3\xbcrs Catering schick ich dir lieber per Mail, gib mir kurz deine Adresse" },
	/* blind set sixteen */
	{ DETECT_PHONE, "um Seat Leon cinzento. 936 205 184 sou eu se n\xc3\xa3o me vir" },
	{ DETECT_EMAIL, "Meine Mail ist m i a . k e l l e r @ e x a m p l e . c h, dort schicke ich alles" },
	{ DETECT_EMAIL, "La mia mail \xc3\xa8 s a r a . t r a d u c e @ e x a m p l e . i t, mi mandi l\xc3\xac i file" },
	{ DETECT_HANDLE, "Bonjour, le chauffeur Ibrahima ici. Sur Telegram je suis ibra_taxi221, ecris moi la bas" },
	{ DETECT_HANDLE, "Auf Insta bin ich catsitting_lisa, folg mir und schreib mir da" },
	{ DETECT_HANDLE, "Te mando las fotos por el guasap que por aqu\xc3\xad no cargan" },
	{ DETECT_HANDLE, "te mando as fotos pelo zap" },
	{ DETECT_PHONE, "mi numero 6SS l23 9B7" },
	/* blind set seventeen */
	{ DETECT_HANDLE, "paye moi par Lydia hors appli et je te fais 20 balles de moins, tu me dis" },
	{ DETECT_HANDLE, "Je prefere qu'on regle \xc3\xa7" "a hors plateforme, virement direct et je baisse de 15%" },
	{ DETECT_HANDLE, "\xc3\x9c" "berweis mir einfach direkt per PayPal Freunde, dann kostet's dich 40 weniger" },
	{ DETECT_HANDLE, "fammi un bonifico diretto fuori dall'app e ti tolgo 30 euro" },
	{ DETECT_HANDLE, "e se a gente fizer por fora? te pago no pix direto e vc economiza os 12%" },
	{ DETECT_HANDLE, "I'll cancel the booking on here and you just pay me cash on the day, same price minus their 15%" },
	{ DETECT_HANDLE, "can we take this offline? the fee is eating my whole margin" },
	{ DETECT_HANDLE, "i can knock \xc2\xa3" "40 off if we sort it off the app" },
	{ DETECT_HANDLE, "d\xc3\xa1-me o teu numero e ligo-te para combinar a visita" },
	{ DETECT_HANDLE, "ti scrivo in privato, qui leggono tutto" },
	{ DETECT_HANDLE, "Ich schreib dir mal privat, hier liest ja das Portal mit" },
};

/* Ordinary marketplace, delivery and ride texts: no detector may fire. */
static const char *const innocent[] = {
	"lets go, no signal in the tunnel",
	"o frete fica por fora",
	"a entrega fica por fora do horario",
	"te llamo, son 612.345.678 pesos",
	"the sofa is 2 . me / ter",
	"it was made in 2019, the first owner had 3 kids",
	"i pay the fee in the app, not outside the app",
	"the size is 40 (gmail)",
	"UPS gave me 1Z 9A4 87V 03 4419 2860, out for delivery today",
	"it came as DA 729 184 063 PT yesterday",
	"C/ Mayor 12, 3\xc2\xba 2\xc2\xaa, 08012 Barcelona, llama al 3-1",
	"mein WhatsApp ist seit dem Update kaputt, deswegen nutz ich nur die App hier",
	"my whatsapp broke after the update so i only use this app now",
	"1000 euros 2000 euros 3000 euros",
	"box 120x80x45 cm",
	"#1 #2 #3 best sellers this week",
	"mp3 b2b 4x4 a4 h2o",
	"can i skip the delivery fee if i pick up?",
	"see option (a) or (b)",
	"meet@5.30pm",
	"order 12345-ABC arrived",
	"put the sofa in reverse, it costs 120 and the table 80",
	"i do it all the time, teen years ago",
	"j'ai ouvert un dossier SAV, n\xc2\xb0 2024031800451, r\xc3\xa9ponse sous 48h",
	"prefiero hablar por aqui que por whatsapp",
	"tu me files ton adresse pour la livraison ?",
	"$25.99",
	"Total is 1,299 EUR",
	"Pickup at 5:30pm",
	"Delivery in 10-15 minutes",
	"123 Main St Apt 4",
	"order #48213",
	"Delivered 2026-11-30",
	"Delivery date 11/30/2026",
	"2 x 500g",
	"I'm at the front door",
	"I\xe2\x80\x99m at the front door",
	"at 5",
	"see you at 10 dot",
	"leaving in 5 5 minutes",
	"5 stars",
	"gate code 4821",
	"3 items",
	"see you @ 5",
	"On my way, 5 minutes",
	"No signal in the parking garage, will text when outside",
	"Oh snap, I forgot the sauce",
	"Can you snap a photo of the receipt?",
	"Signal me when you're outside",
	"Snap peas are out of stock, substituted green beans",
	"My signal is bad, I'll call back",
	"Meet me at the gate",
	"I'll be there at 10.30",
	"Order 48213 ready, total $45.50",
	"Your order #4821312345 has shipped",
	"Tracking number 9400 1000 0000 0000 0000 00",
	"Call me when you arrive",
	"Apartment 12B, building 3, floor 7",
	"Rated 4.8 (1,234 reviews)",
	"Delivered 11/30/2026 10:15",
	"Pickup window 2026-11-30 14:00-16:00",
	"Sizes 36, 38, 40, 42, 44 available",
	"Price 1,299,000 VND, call if interested",
	"e.g. the blue one, i.e. tomorrow",
	"Done.In 5 min",
	"ok.See you soon",
	"Please leave it at the door. Thanks!",
	"Table for 2 at 7:30",
	"Dims 120 x 60 x 75 cm",
	"Flight UA 1234 lands at 5:45",
	"I'll be @home at 5",
	"Text me when you're here",
	"The driver is at the corner of 5th and Main",
	"Can you bring 2 bottles of 1.5l water",
	"Meet at Starbucks. Then we go",
	"Room 1204, floor 12",
	"Paid 45.00 via card ending 4242",
	"Order 48213 - 2 x 500g, 1 x 250g",
	"ETA 10.30-11.30",
	"Call me between 10.30-11.30 tomorrow",
	"Your code is 482193",
	"Invoice 2026-000123",
	"See the listing, it says 3.5 stars",
	"I'm at Walmart on 5th",
	"At the lobby, unit 4B",
	"The cafe is at 12 Smith St.",
	"Pick up 1 x large, 2 x small",
	"Thx! 5 stars for sure",
	"Driver: white Toyota, plate 7ABC123",
	"Tracking: 1Z999AA10123456784",
	"Ready at 5.30 pm. Call 10 min before",
	"Leave at door, code 1234#",
	"We open 9-17, Mon-Fri",
	"Got 3 pcs at 12.99 each = 38.97",
	"My phone died, text later",
	"Delivered to 1600 Amphitheatre Pkwy, Mountain View, CA 94043",
	"Call you in 20",
	"Order no. 4821312345 is on the way",
	"The ride is 12.5 km, about 25 min",
	"Meet me on Signal Hill Rd",
	"Is 1,299.99 ok? I can do 1,250",
	"Arrived at 5.PM sharp",
	"Thanks so much, see you at 10!",
	"I\xe2\x80\x99ll snap me a pic of the bag",
	"I have one or two left",
	"It was 20 20 20 outside lol",
	"Bring 2, no 3 boxes please",
	"Wait in line for me",
	"I\xe2\x80\x99m at home.It is raining",
	"Sold out, sorry. Back on 12/01",
	"Unit 5/12 Smith St",
	"Hi! I'm outside the blue door at no. 14",
	"\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82, \xd1\x8f \xd1\x83 \xd0\xb4\xd0\xb2\xd0\xb5\xd1\x80\xd0\xb8",
	"\xe6\x88\x91\xe5\x88\xb0\xe4\xba\x86\xef\xbc\x8c\xe5\x9c\xa8\xe9\x97\xa8\xe5\x8f\xa3",
	"Total: 1.299.000,50",
	"Weight 2.5kg, 3 x 1kg bags",
	"Queue number 1234567",
	"zip 94103-1234, call when close",
	"1 299 000 USD, call me",
	"Sizes 36 38 40 42 44",
	"2 for 1 deal: 10 20 30 40 50",
	"My insta-pot broke",
	"Call me, it was 1 299 000 \xe2\x82\xac",
	"Rp 1500000, call if ok",
	/* and in the other languages */
	"pedido n\xc2\xba 612345678 enviado",
	"num\xc3\xa9ro de suivi 6A12345678901",
	"die Seriennummer ist 4471229800",
	"protocolo de atendimento 20240515887766",
	"il numero della ricevuta \xc3\xa8 000192837465",
	"145 000 km, un seul propri\xc3\xa9taire",
	"talla 38, 39 o 40",
	"el seguimiento es PQ4B2Y0712345670128001K",	/* "y" glued inside a code */
	"tengo de 250, 300, 350 segun el modelo",
	"vi tus fotos en instagram, me encantaron",
	"en insta soy muy activa",
	"non whatsapparmi di notte",
	"tu instagram es muy lindo",
	"see you at 10 at the station",
	"ho visto il tuo profilo su facebook",		/* the other's profile */
	"nao me passa teu zap, fica por aqui",		/* refused */
	"ref 1234S 5678B",				/* a code's letter */
	"apto 12B 3 andar",
	"activa el whatsapp 2fa por seguridad",
	"compre el iphone_12 en instagram",
	"numero de rastreio: LB 123 456 789 HK",	/* named, with look-alike letters */
	"ponto de encontro -23.5505, -46.6333",		/* coordinates */
	"que lindo \xf0\x9f\x93\xb8 tomada ayer",
	"busca en gmail el correo de confirmacion",
	"sono arrivato.it",
	"la pagina no carga.me ayudas?",
	"referencia catastral 9872023VH5797S0001WX",	/* a look-alike inside a code */
	"NUSS 28/12345678/90",
	"titulo de eleitor 1234 5678 9012",
	"el link del anuncio no funciona",
	"el numero de serie esta en la descripcion",
	"linha digitavel 34191.79001 01043.510047 91020.150008 8 84410026000",
	"450 + 320 + 275 = 1045 en total",
	"gekauft 2019, benutzt 2020 2021 und danach kaum",
	"posizione 45.46427, 9.18951 accanto all'edicola",
	"nummernschild W-12345B, ein wei\xc3\x9f" "er skoda",
	"corso Vittorio Emanuele II 154, 00186 Roma",
	"I don't use WhatsApp, let's keep it here",
	"no tengo whatsapp, mejor por aqu\xc3\xad",
	"whatsapp keeps logging me out, thats why i use this",
	"ich habe kein WhatsApp",
	"@support my payment is stuck",
	"chego no ponto de \xc3\xb4nibus em 5 min",
	"je suis chez moi point final",
	"comprei em 2019, usei em 2020 2021 e quase nada depois",
	"entregan en 08001, 08002 o 08003?",	/* postcodes of one area, a 0 first */
	"snapchat is down since 2pm",
	"instagram is great for user_123",
	/* national and tax identifiers, a train's number */
	"Aadhaar 2345 6789 0123 ka photocopy chahiye",
	"RUC 20512345678 para la boleta porfa",
	"TPS 123456789 RT0001, TVQ 1234567890 TQ0001 sur la facture",
	"numero AVS 756.1234.5678.97 per la busta paga",
	"spedito con BRT, segnacollo 058123400917842",
	/* letters that only look like digits, inside a code */
	"GSTIN 27AAPFK1234L1Z5 on the bill please",
	"llego en el IB3166 a las 22:45, T4, y luego cojo el AVE 03142",
	/* German "um" before a time is no Portuguese one */
	"lande mit LH 2037 um 21:55 in Wien",
	/* "libero" is also "free" */
	"sono libero lun-ven 8:30-12:30 e 14:00-18:30",
	"il divano \xc3\xa8 libero-da-subito",
	/* talk of here in the app's own sentence, or after a statement */
	"on whatsapp i get spam. here is fine",
	"whatsapp pe nahi, yahin baat karte hain",
	"does your phone do nfc?",
	/* no number of theirs asked for */
	"I have your number, I'll call you when I'm outside",
	"I have a number of questions, can I call you through the app?",
	"do you have a house number?",
	"I don't have a number you can call, just use the app chat",
	"which number should I call for support, the one on the website?",
	"hay un n\xc3\xbamero en la puerta, te llamo cuando llegue",
	"tienes el n\xc3\xbamero del pedido? te llamo luego por la app",
	"hast du die Nummer vom Paket? ich ruf dich dann \xc3\xbc" "ber die App an",
	"hai un numero civico? cos\xc3\xac ti trovo",
	"n'envoie pas ton num\xc3\xa9ro ici, ils suspendent les comptes",
	"me da igual tu numero, aqui no se comparte",
	"please continue to text me the updates here",
	/* numbers apart in ordinary talk are no parts of one */
	"The flat is at 1427 West Addison St, Apt 3B, Chicago IL 60613. Parking is on the street and the meters are free after 9pm.",
	"per i cerchi sono 350 tutti e 4, con le gomme 520, e ti faccio 560. Sabato dopo le 15 sto a Fuorigrotta.",
	"das ist im rebweg siebzehn achtzig null sechs z\xc3\xbcrich und der t\xc3\xbcrcode ist zwei f\xc3\xbcnf acht null raute",
	"flat 4B, 1207 Kingsford Rd, Randwick NSW 2031, buzzer 4021 - leave it with the concierge if im out",
	"part number is 5304506526 for the fridge door seal, check its the same on yours before ordering",
	/* a number then a dictated full stop; words run together with dots */
	"house was built in 1998 renovated in 2019 and the roof was done 2021 period no leaks since",
	"ok.vu.je passe vers 18.45.merci.bonne soir\xc3\xa9" "e",
	/* seen on a network, in another clause; turned from the app */
	"saw your cakes on insta, they look amazing! can you do a 3 tier for 60 people?",
	"je pr\xc3\xa9" "f\xc3\xa8re rester ici plut\xc3\xb4t que WhatsApp",
	"lieber hier als auf WhatsApp",
	"I'd rather stay here than whatsapp",
	/* told, not asked */
	"the app will email me the receipt",
	"the last guy wanted to move to telegram, i said no, i only deal on here",
	"der letzte wollte auf WhatsApp wechseln, ich bleib hier",
	/* short questions that ask for no detail of theirs */
	"my phone?",
	"the number?",
	"is this your phone?",
	"num de pedido?",
	"wsp no funciona?",
	"ton num\xc3\xa9ro de commande ?",
	/* talk of reaching, outside or through the app */
	"I can't reach you outside the app",
	"the driver will call you outside the building",
	"text me when you're outside, through the app",
	"can I call you through the app when I arrive?",
	/* text messages told of, not asked for */
	"the app sends you an sms with the code",
	/* amounts and words near digits */
	"first payment is 12500 on monday. the van is booked, all good. the rest 34000 next month",
	"le premier versement c'est 450 000. pour la suite on verra. et la fin 320 000 en mars",
	"costa 350 tipo 380 con spedizione, dunque 730 in tutto",
	"T\xc3\xbcrcode unten 1984#, dann 3. OG links, Schl\xc3\xbcssel im Schl\xc3\xbcsseltresor",
	"Suivi Colissimo : 6C 123 456 789 01, il est en point relais depuis hier",
	/* refused, denied, not the writer's user name */
	"no voy a dar mi mail ni cel, normas de la plataforma",
	"Pas d'Insta, pas de Facebook, je suis vieille \xc3\xa9" "cole, on fait tout ici",
	"la factura a nombre de Andres Lopez, el correo es el mismo de la cuenta",
	"app wont let me put +44 in the phone field on my profile, any idea?",
	"moving from Greenville SC to Charlotte next week",
	/* pets' chips, tickets, dates after an article of look-alikes */
	"Bella's microchip no. is 985112003456789, rabies jab done 03/2024",
	"puce de Moka : 250268731234567, passeport europ\xc3\xa9" "en \xc3\xa0 jour",
	"microchip di Birba 380260102345678, passaporto europeo in regola",
	"numero de billet 0048 2291 7763 5, le transfert se fait via la billetterie officielle",
	"disponibile il 12/06, il 19/06 e il 26/06 dalle 9 alle 13",
	"cual es tu numero de pedido?",
	"qual o seu numero de calcado",
	"le livreur te contacte par sms quand il arrive",
	"on ne passe pas par sms, on reste ici",
	/* "je suis" is where one is; "ig me" denied; references */
	"@Karim t'es o\xc3\xb9 ? je suis devant la boulangerie",
	"raga non ho pi\xc3\xb9 ig me l'hanno bloccato, parliamo qua",
	"RIB: 30004 01234 00012345678 45 au nom de SCI Les Tilleuls",
	"ti ho fatto il bonifico, CRO 12345678901, dovrebbe arrivare domani",
	"for the OR pls put TIN 412-558-903-000 and the company name",
	"a empresa \xc3\xa9 a Mudan\xc3\xa7" "as Tejo Lda, NIPC 514 872 039",
	"parcel is in the Pargo point at the Engen, collection code 584 219 03",
	/* floors written "3o", a wifi key, a serial and a count, the TV */
	"c/ Alcala 214, 3o izq, 28028 Madrid",
	"Rua de Santa Catarina 512, 3o esq, 4000-446 Porto",
	"R\xc3\xa9seau : Gite_Lavande_5G  cl\xc3\xa9 : 0475 1993 8842",
	"reflex Nikon D750 matricola 3021874, 42.000 scatti",
	"3021874, 42.000 scatti",
	"numero de serie de la tele : 0612 3987 4410 2253, elle est encore sous garantie",
	/* looks, staying, other ways that reach nobody, the delivery's address */
	"your cakes look better on insta",
	"the photos on insta look great",
	"j'ai vu ton insta, \xc3\xa9" "cris moi ici plutot",
	"is there another way to pay",
	"hay otra forma de llegar al piso?",
	"no hay otro modo de contactarte, la app es la unica",
	"i got your email, what is your address for the delivery?",
	"je vous enverrai la facture par mail via la plateforme, pas besoin de me donner votre adresse",
	"the host will send it by text",
	"si juntas los dos pedidos de 12.50 y 8.99 te sale mas barato, llamame",
	"tengo 3 (tres) hijos de 12 (doce) y 14 anos",
	"numero de caso: 612458903",
	"avoir n\xc2\xb0 4471 2290 33 sur la facture",
	"client : 4471 2290 33, facture du mois",
	"complaint no 20231104-558201, dem say make i wait",
	"fica no 3\xc2\xba esq, Rua de Cedofeita 412, 4050-174 Porto",
	"Av. Paulista 1578, 01310-200 S\xc3\xa3o Paulo",
	"j'ai pas WhatsApp moi, seulement ce site lol",
	"don't whatsapp me, use the app",
	"pickup at 5 pm on fb marketplace",
	"le SAV m'a donn\xc3\xa9 un num\xc3\xa9ro de dossier, 2024-118273, ils rappellent sous 72h",
	"no cupom fiscal ta 0055 1198 7765 mas \xc3\xa9 o numero do caixa",
	"non ho whatsapp e manco instagram, sono un dinosauro",
	"found ur listing on facebook marketplace first actually, same pics",
	"tu trouves \xc3\xa7" "a sur fb aussi",
	/* blind set sixteen */
	"Hey @Lerato_M, yes I saw the review, thank you!! I'll be at your place at 8",
	"Oi @Mariana_S, vi sua avalia\xc3\xa7\xc3\xa3o sim, muito obrigada!!",
	"Il cane esce 3 volte al giorno, 7:30, 13 e 20. Il veterinario di turno \xc3\xa8 al civico 46",
	"Auf Insta bin ich Anf\xc3\xa4nger, sorry",
	"Bestell-Nr. ist 12345678 danke",
	/* blind set seventeen */
	"their help page literally says if you pay outside the app you lose all protection",
	"I'm 4.9 stars over 312 jobs, NOT going to wreck that by going off app",
	"annonce n\xc2\xb0" "2274 019 386, c'est bien celle du canap\xc3\xa9 ?",
	"my phone was offline, the fee was charged twice",
	"its 1,250 cash, less than new",
	"te escribo en privado aqu\xc3\xad mismo",
};

static const enum detect_kind kinds[] = {
	DETECT_PHONE, DETECT_EMAIL, DETECT_URL, DETECT_HANDLE
};

static void
test_names(void)
{
	size_t k;

	is_int(detect_kind_parse("phone"), DETECT_PHONE, "parse phone");
	is_int(detect_kind_parse("email"), DETECT_EMAIL, "parse email");
	is_int(detect_kind_parse("url"), DETECT_URL, "parse url");
	is_int(detect_kind_parse("handle"), DETECT_HANDLE, "parse handle");
	is_int(detect_kind_parse("Phone"), -1, "names are lower case");
	is_int(detect_kind_parse("phones"), -1, "no prefix match");
	is_int(detect_kind_parse(""), -1, "empty name");
	is_int(detect_kind_parse(NULL), -1, "no name");
	for (k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++)
		is_int(detect_kind_parse(detect_kind_name(kinds[k])), kinds[k], "name round trip");
	is_string(detect_kind_name((enum detect_kind)42), "unknown", "name of a bad kind");
}

static void
test_tables(void)
{
	char name[160];
	size_t i, k, missed = 0, fired = 0, per[4] = { 0 };

	for (i = 0; i < sizeof(hits) / sizeof(hits[0]); i++) {
		per[hits[i].kind]++;
		snprintf(name, sizeof(name), "%s: %s", detect_kind_name(hits[i].kind), hits[i].text);
		if (!is_int(detect_match(hits[i].kind, hits[i].text, strlen(hits[i].text)), 1, name))
			missed++;
	}
	for (k = 0; k < 4; k++) {
		snprintf(name, sizeof(name), "at least 40 %s evasions", detect_kind_name(kinds[k]));
		ok(per[k] >= 40, name);
	}
	for (i = 0; i < sizeof(innocent) / sizeof(innocent[0]); i++)
		for (k = 0; k < 4; k++) {
			snprintf(name, sizeof(name), "not %s: %s", detect_kind_name(kinds[k]), innocent[i]);
			if (!is_int(detect_match(kinds[k], innocent[i], strlen(innocent[i])), 0, name))
				fired++;
		}
	ok(sizeof(innocent) / sizeof(innocent[0]) >= 40, "at least 40 innocent texts");
	if (missed || fired)
		diag("%zu evasions missed, %zu false alarms", missed, fired);
}

static void
test_edges(void)
{
	static const char phone[] = "4155550199";
	char *big;
	size_t n = 64 * 1024, i;

	is_int(detect_match(DETECT_PHONE, phone, 6), 0, "only len bytes are read");
	is_int(detect_match(DETECT_PHONE, phone, 0), 0, "empty text");
	is_int(detect_match(DETECT_PHONE, NULL, 0), 0, "no text");
	is_int(detect_match((enum detect_kind)9, phone, strlen(phone)), 0, "bad kind");
	is_int(detect_match(DETECT_PHONE, "415\0" "555 0199", 12), 1,
	    "a NUL is just a separator");
	is_int(detect_match(DETECT_PHONE, "415\xff\xfe" "555\xc3" "0199", 13), 1,
	    "invalid UTF-8 is judged, not refused");
	is_int(detect_match(DETECT_EMAIL, "\xf4\x90\x80\x80@\xed\xa0\x80.com", 12), 0,
	    "out-of-range and surrogate bytes are no letters");
	is_int(detect_match(DETECT_PHONE, "41", 2), 0, "two digits");
	{
		/* Three parts of eight digits, each written as a number told in
		 * parts: the joined value fills its buffer to the last byte
		 * (found by fuzz/interaction; the sanitizer build reads past it). */
		static const char parts[] = "first 12345678, then 23456789, and the rest 34567890";
		struct detect_found f[4];
		size_t nf = detect_find(DETECT_PHONE, parts, strlen(parts), f, 4);

		diag("three eight-digit parts: %zu found%s%s", nf, nf ? ", " : "", nf ? f[0].value : "");
		ok(nf <= 4 && (nf == 0 || strlen(f[0].value) < DETECT_VALUE_MAX),
		    "three eight-digit parts: the value stays in bounds");
	}
	big = malloc(400);
	for (i = 0; i < 100; i++)
		memcpy(big + i * 3, i % 2 ? "77 " : "5  ", 3);
	big[299] = '\0';
	is_int(detect_match(DETECT_PHONE, big, strlen(big)), 0,
	    "more groups than are kept: still a list of small numbers");
	free(big);

	/* Above the stack buffer: the heap copy is judged the same. */
	big = malloc(n + 64);
	for (i = 0; i < n; i++)
		big[i] = "ok thanks "[i % 10];
	is_int(detect_match(DETECT_PHONE, big, n), 0, "64 KiB of chat: no phone");
	is_int(detect_match(DETECT_HANDLE, big, n), 0, "64 KiB of chat: no handle");
	memcpy(big + n - 20, " call 415 555 0199 ", 19);
	is_int(detect_match(DETECT_PHONE, big, n), 1, "a phone number at the end of 64 KiB");
	memcpy(big + n - 20, " whatsapp me pls   ", 19);
	is_int(detect_match(DETECT_HANDLE, big, n), 1, "a handle at the end of 64 KiB");
	memcpy(big + n - 20, " mail bob@x.co  ok ", 19);
	is_int(detect_match(DETECT_EMAIL, big, n), 1, "an address at the end of 64 KiB");
	is_int(detect_match(DETECT_URL, big, n), 0, "an address is not a link");
	memcpy(big + n - 20, " see x.co/abc  ok  ", 19);
	is_int(detect_match(DETECT_URL, big, n), 1, "a link at the end of 64 KiB");
	free(big);
}

/* Hostile input: 64 KiB of one pattern each, judged without a fault (the
 * sanitizer and valgrind runs watch the memory). How long it takes is
 * measured in bench/, not asserted here. */
static void
test_hostile(void)
{
	static const char *const patterns[] = {
		"a.", "a . ", "1 ", "one ", "o", "@a ", "a@", "at ", "dot ", "w ", "(at)",
		"1-", "l1", "+1", "whats ", "x", "my snap is ",
		"part 1234567 ", "1234567x", "gb29 ab12 ", "email me ", "80331, ",
	};
	size_t n = 64 * 1024, i, p, k, plen, judged = 0;
	char *buf = malloc(n);

	for (p = 0; p < sizeof(patterns) / sizeof(patterns[0]); p++) {
		plen = strlen(patterns[p]);
		for (i = 0; i < n; i++)
			buf[i] = patterns[p][i % plen];
		for (k = 0; k < 4; k++) {
			int r = detect_match(kinds[k], buf, n);

			judged += r == 0 || r == 1;
		}
	}
	free(buf);
	is_int((long long)judged, (long long)(4 * sizeof(patterns) / sizeof(patterns[0])),
	    "every 64 KiB hostile pattern is judged 0 or 1");
}

/* What was found: kind, span and normalised value; redaction; a number
 * split over messages. */
static void
test_found(void)
{
	static const char text[] = "hola! llama al seis uno dos 345 678 o escribe a jane.doe88 arroba gmail punto com";
	static const char *const earlier[] = { "612 34", NULL };
	static const char *const older[] = { "612", "345" };
	struct detect_found f[4];
	char desc[128], runs[DETECT_RUNS_MAX], *red;
	size_t n, len;

	n = detect_find(DETECT_PHONE, text, strlen(text), f, 4);
	is_int((long long)n, 1, "one phone number found");
	detect_describe(&f[0], desc, sizeof(desc));
	is_string(desc, "phone 612345678", "described by its normalised value");
	is_int((long long)f[0].start, 15, "from where it starts");
	is_int((long long)f[0].end, 35, "to where it ends");
	n = detect_find(DETECT_EMAIL, text, strlen(text), f, 4);
	is_int((long long)n, 1, "one address found");
	is_string(f[0].value, "jane.doe88@gmail.com", "the address as written plainly");
	is_int(detect_find(DETECT_URL, text, strlen(text), f, 4), 0, "an address is no link");
	red = detect_redact(text, strlen(text), DETECT_BIT(DETECT_PHONE) | DETECT_BIT(DETECT_EMAIL),
	    "[removed]", &len);
	is_string(red, "hola! llama al [removed] o escribe a [removed]", "redacted with the mask");
	is_int((long long)len, (long long)strlen(red), "and its length");
	free(red);
	red = detect_redact(text, strlen(text), DETECT_BIT(DETECT_URL), "[x]", &len);
	is_string(red, text, "nothing of a kind not asked for is replaced");
	free(red);

	detect_runs("el 612 34", 9, runs, sizeof(runs));
	is_string(runs, "61234", "the digit runs kept of a message");
	detect_runs("ok, order 123456 and 5 km", 25, runs, sizeof(runs));
	is_string(runs, "", "references and measures are not kept");
	ok(detect_runs_phone(earlier, 1, "5678", 4, &f[0]), "a number over two messages");
	is_string(f[0].value, "612345678", "its digits in order");
	ok(!detect_runs_phone(earlier, 1, "thanks", 6, &f[0]), "nothing to add: no number");
	ok(detect_runs_phone(older, 2, "678", 3, &f[0]), "a number over three messages");
	is_string(f[0].value, "612345678", "oldest part first");
	ok(!detect_runs_phone(NULL, 0, "5678", 4, &f[0]), "one part alone is no number");
}

int
main(void)
{
	test_names();
	test_tables();
	test_edges();
	test_hostile();
	test_found();
	return done_testing();
}
