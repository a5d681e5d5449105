/*
 * iedu-gen - writes a large, valid, realistic iedu XML v1 document, the
 * same bytes for the same options, to exercise and measure the import.
 *
 *	iedu-gen [-n ORGS] [-s SEED] [-o FILE]      (1000, 1, stdout)
 *
 * What N organisations bring with them (the types are exact in every
 * block of 1000 organisations, the rest are expectations; each record
 * draws from its own PRNG stream, so record i is the same whatever N is):
 *
 *   organisations    N: 55% enterprises (8% of them groups), 25%
 *                    vocational schools, 5% universities, 5% research
 *                    institutes, 3% government, 4% associations, 1% media,
 *                    2% collaborative bodies (0.3% communities, 0.7%
 *                    consortia, 0.4% alliances, 0.6% education groups).
 *                    Every one has a Chinese name; 70% an English name,
 *                    30% a short Chinese alias or an English acronym, 40%
 *                    of the non-bodies a USCC with a correct check
 *                    character, 70% a location.
 *                    The first four government organisations are the
 *                    national ministries that issue the designations.
 *   memberships      20-150 per body (one lead, one chair, 2-5 vice-chairs,
 *                    the rest members): about 1.7 N.
 *   persons, posts   N/10 persons (5% with a polyphonic surname 曾 单 解
 *                    区 仇, 50% with a pinyin name); one post each, 15% a
 *                    second, ended one.
 *   relations        10% of enterprises part-of an earlier group (so never
 *                    a cycle), 20% of research institutes part-of a
 *                    university, 40% of schools supervised-by a government,
 *                    a few partner-of and successor-of.
 *   designations     the national lists: city consortia, industry
 *                    communities, model education groups, integration
 *                    enterprises, pilot cities, the double-high plan.
 *   events           a founding conference per body (hosted by its lead)
 *                    and N/2 school-enterprise signing ceremonies, each
 *                    with participants and attendance, reported by its own
 *                    news source published that day.
 *   agreements       1-2 per founding conference, 1 per signing (2-4
 *                    parties).
 *   statistics       member units of every body (parts by type that sum to
 *                    the total), enrolment and employment figures of half
 *                    the schools, national (scope CN) and provincial
 *                    figures with qualifiers.
 *   sources          N news, policy, report and web sources, plus one per
 *                    event; most records cite one or two.
 * In all about 6 N records: -n 2000 gives 12,139 records (2.9 MB), -n
 * 1000000 gives 5.96 million (1.58 GB) in a few seconds.
 *
 * The records come in a non-canonical order: kinds interleaved, memberships
 * and posts before the body and the person they name, cites of sources
 * written later, children in a non-canonical order. The data is designed
 * to raise no consistency finding but one: member-unit figures match the
 * memberships, event sources are published on the event's day, no until
 * precedes its from, and every USCC is distinct and verifies. Names are
 * drawn from a few dozen places and fields, so organisations of the same
 * type share names (same-name findings), as real ones sometimes do; at
 * millions of organisations that is most schools and universities.
 *
 * Output goes through one large buffer and nothing is allocated per
 * record: names are rebuilt from the record's PRNG stream when a
 * reference needs them.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the PRNG: splitmix64, one stream per record ---- */

typedef struct rng {
	uint64_t s;
} rng;

static uint64_t seed_base;

static uint64_t next64(rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* Streams per (tag, index): random access to any record's choices. */
enum { T_TYPE = 1, T_ORG, T_REL, T_BODY, T_SRC, T_PERSON, T_SIGN, T_STAT };

static rng stream(uint32_t tag, uint64_t i)
{
	rng r = {seed_base ^ ((uint64_t)tag << 56) ^
		 (i * 0xd1b54a32d192ed03ull)};

	next64(&r);
	return r;
}

/* Uniform in [0, n): Lemire's multiply, bias far below what matters. */
static uint32_t below(rng *r, uint32_t n)
{
	return (uint32_t)(((next64(r) >> 32) * (uint64_t)n) >> 32);
}

static int chance(rng *r, uint32_t percent)
{
	return below(r, 100) < percent;
}

#define COUNT(a)   (sizeof(a) / sizeof(a)[0])
#define PICK(r, a) ((a)[below((r), COUNT(a))])

/* ---- output: one buffer, flushed in large writes ---- */

static FILE *ofp;
static char obuf[1 << 20];
static size_t olen;

static void die(const char *what)
{
	fprintf(stderr, "iedu-gen: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void flush_out(void)
{
	if (olen && fwrite(obuf, 1, olen, ofp) != olen)
		die("write");
	olen = 0;
}

static void wn(const char *s, size_t n)
{
	if (olen + n > sizeof obuf)
		flush_out();
	memcpy(obuf + olen, s, n);
	olen += n;
}

static void w(const char *s)
{
	wn(s, strlen(s));
}

/* Escapes for both content and double-quoted attributes. */
static void wesc(const char *s)
{
	const char *run = s;

	for (; *s; s++) {
		const char *rep;
		switch (*s) {
		case '&':
			rep = "&amp;";
			break;
		case '<':
			rep = "&lt;";
			break;
		case '>':
			rep = "&gt;";
			break;
		case '"':
			rep = "&quot;";
			break;
		default:
			continue;
		}
		wn(run, (size_t)(s - run));
		w(rep);
		run = s + 1;
	}
	wn(run, (size_t)(s - run));
}

static void wu(uint64_t v)
{
	char b[24];
	size_t n = 0;

	do
		b[sizeof b - ++n] = (char)('0' + v % 10);
	while (v /= 10);
	wn(b + sizeof b - n, n);
}

/* Writes a date packed as YYYYMMDD, 0 for an unknown month or day. */
static void wdate(uint32_t d)
{
	char b[10];
	uint32_t y = d / 10000, m = d / 100 % 100, day = d % 100;

	b[0] = (char)('0' + y / 1000);
	b[1] = (char)('0' + y / 100 % 10);
	b[2] = (char)('0' + y / 10 % 10);
	b[3] = (char)('0' + y % 10);
	b[4] = '-';
	b[5] = (char)('0' + m / 10);
	b[6] = (char)('0' + m % 10);
	b[7] = '-';
	b[8] = (char)('0' + day / 10);
	b[9] = (char)('0' + day % 10);
	wn(b, !m ? 4 : !day ? 7 : 10);
}

static void wattr(const char *name, const char *value)
{
	w(" ");
	w(name);
	w("=\"");
	wesc(value);
	w("\"");
}

static void wdate_attr(const char *name, uint32_t d)
{
	w(" ");
	w(name);
	w("=\"");
	wdate(d);
	w("\"");
}

static void wnum_attr(const char *name, uint64_t v)
{
	w(" ");
	w(name);
	w("=\"");
	wu(v);
	w("\"");
}

/* <el xml:lang="lang">text</el> on a line of its own */
static void wtext(const char *el, const char *lang, const char *text)
{
	w("    <");
	w(el);
	w(" xml:lang=\"");
	w(lang);
	w("\">");
	wesc(text);
	w("</");
	w(el);
	w(">\n");
}

/* ---- strings built on the stack ---- */

typedef struct sb {
	char s[640];
	size_t n;
} sb;

/* Whole pieces only, so a full buffer never cuts a UTF-8 sequence. */
static void add(sb *b, const char *t)
{
	size_t l = strlen(t);

	if (b->n + l >= sizeof b->s)
		return;
	memcpy(b->s + b->n, t, l + 1);
	b->n += l;
}

static void clear(sb *b)
{
	b->n = 0;
	b->s[0] = '\0';
}

/* ---- the vocabulary ---- */

typedef struct province {
	const char *zh, *full, *en, *code;
	int municipality;
} province;

static const province provinces[] = {
    {"北京", "北京市", "Beijing", "110000", 1},
    {"天津", "天津市", "Tianjin", "120000", 1},
    {"河北", "河北省", "Hebei Province", "130000", 0},
    {"山西", "山西省", "Shanxi Province", "140000", 0},
    {"内蒙古", "内蒙古自治区", "Inner Mongolia Autonomous Region", "150000", 0},
    {"辽宁", "辽宁省", "Liaoning Province", "210000", 0},
    {"吉林", "吉林省", "Jilin Province", "220000", 0},
    {"黑龙江", "黑龙江省", "Heilongjiang Province", "230000", 0},
    {"上海", "上海市", "Shanghai", "310000", 1},
    {"江苏", "江苏省", "Jiangsu Province", "320000", 0},
    {"浙江", "浙江省", "Zhejiang Province", "330000", 0},
    {"安徽", "安徽省", "Anhui Province", "340000", 0},
    {"福建", "福建省", "Fujian Province", "350000", 0},
    {"江西", "江西省", "Jiangxi Province", "360000", 0},
    {"山东", "山东省", "Shandong Province", "370000", 0},
    {"河南", "河南省", "Henan Province", "410000", 0},
    {"湖北", "湖北省", "Hubei Province", "420000", 0},
    {"湖南", "湖南省", "Hunan Province", "430000", 0},
    {"广东", "广东省", "Guangdong Province", "440000", 0},
    {"广西", "广西壮族自治区", "Guangxi Zhuang Autonomous Region", "450000", 0},
    {"重庆", "重庆市", "Chongqing", "500000", 1},
    {"四川", "四川省", "Sichuan Province", "510000", 0},
    {"贵州", "贵州省", "Guizhou Province", "520000", 0},
    {"云南", "云南省", "Yunnan Province", "530000", 0},
    {"陕西", "陕西省", "Shaanxi Province", "610000", 0},
    {"甘肃", "甘肃省", "Gansu Province", "620000", 0},
    {"新疆", "新疆维吾尔自治区", "Xinjiang Uygur Autonomous Region", "650000",
     0},
};

/* Short names of the provinces in English, for names like "Hunan ...". */
static const char *const province_en_short[] = {
    "Beijing",	 "Tianjin", "Hebei",	    "Shanxi",	 "Inner Mongolia",
    "Liaoning",	 "Jilin",   "Heilongjiang", "Shanghai",	 "Jiangsu",
    "Zhejiang",	 "Anhui",   "Fujian",	    "Jiangxi",	 "Shandong",
    "Henan",	 "Hubei",   "Hunan",	    "Guangdong", "Guangxi",
    "Chongqing", "Sichuan", "Guizhou",	    "Yunnan",	 "Shaanxi",
    "Gansu",	 "Xinjiang"};

typedef struct city {
	const char *zh, *place, *en, *code;
	uint8_t province;
} city;

/* The four municipalities are cities of their own province. */
static const city cities[] = {
    {"北京", "北京市", "Beijing", "110000", 0},
    {"天津", "天津市", "Tianjin", "120000", 1},
    {"石家庄", "河北省石家庄市", "Shijiazhuang", "130100", 2},
    {"唐山", "河北省唐山市", "Tangshan", "130200", 2},
    {"太原", "山西省太原市", "Taiyuan", "140100", 3},
    {"包头", "内蒙古自治区包头市", "Baotou", "150200", 4},
    {"沈阳", "辽宁省沈阳市", "Shenyang", "210100", 5},
    {"大连", "辽宁省大连市", "Dalian", "210200", 5},
    {"长春", "吉林省长春市", "Changchun", "220100", 6},
    {"哈尔滨", "黑龙江省哈尔滨市", "Harbin", "230100", 7},
    {"上海", "上海市", "Shanghai", "310000", 8},
    {"南京", "江苏省南京市", "Nanjing", "320100", 9},
    {"常州", "江苏省常州市", "Changzhou", "320400", 9},
    {"苏州", "江苏省苏州市", "Suzhou", "320500", 9},
    {"杭州", "浙江省杭州市", "Hangzhou", "330100", 10},
    {"宁波", "浙江省宁波市", "Ningbo", "330200", 10},
    {"合肥", "安徽省合肥市", "Hefei", "340100", 11},
    {"芜湖", "安徽省芜湖市", "Wuhu", "340200", 11},
    {"福州", "福建省福州市", "Fuzhou", "350100", 12},
    {"厦门", "福建省厦门市", "Xiamen", "350200", 12},
    {"南昌", "江西省南昌市", "Nanchang", "360100", 13},
    {"济南", "山东省济南市", "Jinan", "370100", 14},
    {"青岛", "山东省青岛市", "Qingdao", "370200", 14},
    {"淄博", "山东省淄博市", "Zibo", "370300", 14},
    {"郑州", "河南省郑州市", "Zhengzhou", "410100", 15},
    {"洛阳", "河南省洛阳市", "Luoyang", "410300", 15},
    {"武汉", "湖北省武汉市", "Wuhan", "420100", 16},
    {"长沙", "湖南省长沙市", "Changsha", "430100", 17},
    {"株洲", "湖南省株洲市", "Zhuzhou", "430200", 17},
    {"湘潭", "湖南省湘潭市", "Xiangtan", "430300", 17},
    {"广州", "广东省广州市", "Guangzhou", "440100", 18},
    {"深圳", "广东省深圳市", "Shenzhen", "440300", 18},
    {"柳州", "广西壮族自治区柳州市", "Liuzhou", "450200", 19},
    {"重庆", "重庆市", "Chongqing", "500000", 20},
    {"成都", "四川省成都市", "Chengdu", "510100", 21},
    {"贵阳", "贵州省贵阳市", "Guiyang", "520100", 22},
    {"昆明", "云南省昆明市", "Kunming", "530100", 23},
    {"西安", "陕西省西安市", "Xi'an", "610100", 24},
    {"兰州", "甘肃省兰州市", "Lanzhou", "620100", 25},
    {"金昌", "甘肃省金昌市", "Jinchang", "620300", 25},
    {"乌鲁木齐", "新疆维吾尔自治区乌鲁木齐市", "Urumqi", "650100", 26},
};

typedef struct field {
	const char *zh, *en, *sector;
} field;

/* Industries, for enterprises, institutes, associations and bodies. */
static const field industries[] = {
    {"有色金属", "Nonferrous Metals", "nonferrous metals"},
    {"轨道交通", "Rail Transit", "rail transit"},
    {"智能制造", "Intelligent Manufacturing", "intelligent manufacturing"},
    {"新能源汽车", "New Energy Vehicles", "new energy vehicles"},
    {"电子信息", "Electronic Information", "electronic information"},
    {"现代物流", "Modern Logistics", "logistics"},
    {"生物医药", "Biomedicine", "biomedicine"},
    {"化工", "Chemical Industry", "chemical industry"},
    {"航空航天", "Aerospace", "aerospace"},
    {"建筑工程", "Construction Engineering", "construction"},
    {"现代农业", "Modern Agriculture", "agriculture"},
    {"数字经济", "Digital Economy", "digital economy"},
    {"钢铁冶金", "Iron & Steel", "iron & steel"},
    {"电力能源", "Electric Power", "electric power"},
    {"工程机械", "Construction Machinery", "construction machinery"},
    {"纺织服装", "Textiles and Apparel", "textiles"},
    {"食品加工", "Food Processing", "food processing"},
    {"集成电路", "Integrated Circuits", "integrated circuits"},
    {"软件和信息技术服务", "Software and IT Services", "software"},
    {"石油化工", "Petrochemicals", "petrochemicals"},
};

/* Fields of vocational schools: 湖南铁道职业技术学院. */
static const field school_fields[] = {
    {"铁道", "Railway", NULL},
    {"汽车", "Automotive", NULL},
    {"工业", "Industrial", NULL},
    {"交通", "Communications", NULL},
    {"信息", "Information", NULL},
    {"有色金属", "Nonferrous Metals", NULL},
    {"化工", "Chemical", NULL},
    {"机电", "Mechanical and Electrical", NULL},
    {"电子", "Electronic", NULL},
    {"建筑", "Construction", NULL},
    {"商贸", "Commerce and Trade", NULL},
    {"航空", "Aviation", NULL},
    {"农业", "Agricultural", NULL},
    {"卫生", "Health", NULL},
    {"轻工", "Light Industry", NULL},
    {"石油", "Petroleum", NULL},
    {"水利", "Water Resources", NULL},
    {"电力", "Electric Power", NULL},
    {"冶金", "Metallurgical", NULL},
    {"旅游", "Tourism", NULL},
};

typedef struct syl {
	const char *zh, *py;
} syl;

/* Two-character trade names (字号) from these: 华锐 Huarui. */
static const syl stem_a[] = {
    {"华", "Hua"},   {"中", "Zhong"}, {"金", "Jin"},  {"宏", "Hong"},
    {"恒", "Heng"},  {"兴", "Xing"},  {"瑞", "Rui"},  {"天", "Tian"},
    {"鑫", "Xin"},   {"博", "Bo"},    {"海", "Hai"},  {"远", "Yuan"},
    {"正", "Zheng"}, {"新", "Xin"},   {"东", "Dong"}, {"光", "Guang"},
    {"盛", "Sheng"}, {"永", "Yong"},  {"德", "De"},   {"国", "Guo"},
    {"明", "Ming"},  {"顺", "Shun"},  {"精", "Jing"}, {"汇", "Hui"},
    {"晨", "Chen"},  {"凯", "Kai"},   {"安", "An"},   {"泰", "Tai"},
    {"宝", "Bao"},   {"银", "Yin"},
};

static const syl stem_b[] = {
    {"锐", "rui"},  {"联", "lian"},  {"川", "chuan"}, {"达", "da"},
    {"信", "xin"},  {"业", "ye"},    {"丰", "feng"},  {"成", "cheng"},
    {"源", "yuan"}, {"纳", "na"},    {"航", "hang"},  {"松", "song"},
    {"方", "fang"}, {"润", "run"},   {"科", "ke"},    {"阳", "yang"},
    {"通", "tong"}, {"诚", "cheng"}, {"辰", "chen"},  {"峰", "feng"},
    {"腾", "teng"}, {"宇", "yu"},    {"安", "an"},    {"鸿", "hong"},
    {"泰", "tai"},  {"邦", "bang"},  {"维", "wei"},   {"恩", "en"},
    {"驰", "chi"},  {"拓", "tuo"},
};

typedef struct suffix {
	const char *zh, *en, *alias;
} suffix;

static const suffix company_suffixes[] = {
    {"有限公司", " Co., Ltd.", NULL},
    {"有限公司", " Co., Ltd.", NULL},
    {"股份有限公司", " Joint Stock Co., Ltd.", NULL},
    {"有限责任公司", " Limited Liability Company", NULL},
    {"科技有限公司", " Technology Co., Ltd.", NULL},
};

static const suffix group_suffixes[] = {
    {"集团有限公司", " Group Co., Ltd.", NULL},
    {"集团股份有限公司", " Group Joint Stock Co., Ltd.", NULL},
    {"（集团）有限责任公司", " (Group) Co., Ltd.", NULL},
};

/* The place goes first in both languages: 长沙理工大学. */
static const suffix university_kinds[] = {
    {"理工大学", " University of Science & Technology", "理工"},
    {"交通大学", " Jiaotong University", "交大"},
    {"科技大学", " University of Science and Technology", "科大"},
    {"工业大学", " University of Technology", "工大"},
    {"师范大学", " Normal University", "师大"},
    {"财经大学", " University of Finance and Economics", "财大"},
    {"医科大学", " Medical University", "医大"},
    {"农业大学", " Agricultural University", "农大"},
    {"大学", " University", NULL},
    {"工程学院", " Institute of Technology", NULL},
};

static const suffix school_kinds[] = {
    {"职业技术学院", " Vocational and Technical College", "职院"},
    {"职业技术学院", " Vocational and Technical College", "职院"},
    {"职业学院", " Vocational College", "职院"},
    {"职业技术大学", " Vocational University", "职大"},
    {"技师学院", " Technician College", NULL},
    {"高级技工学校", " Senior Technical School", NULL},
    {"中等专业学校", " Secondary Specialized School", NULL},
};

static const suffix institute_kinds[] = {
    {"研究院", " Research Institute", "院"},
    {"研究所", " Research Institute", "所"},
    {"设计研究院", " Design and Research Institute", "设计院"},
    {"科学研究院", " Academy of Sciences", "科研院"},
};

static const suffix association_kinds[] = {
    {"行业协会", " Industry Association", NULL},
    {"学会", " Society", NULL},
    {"产教融合促进会", " Industry-Education Integration Association", NULL},
    {"职业教育协会", " Vocational Education Association", NULL},
};

static const suffix media_kinds[] = {
    {"日报社", " Daily", NULL},
    {"广播电视台", " Radio & Television", NULL},
    {"教育报刊社", " Education Press", NULL},
    {"新闻网", " News Network", NULL},
};

typedef struct surname {
	const char *zh, *py;
} surname;

/* The last five are read differently as surnames: Zeng, Shan, Xie, Ou, Qiu. */
static const surname surnames[] = {
    {"王", "Wang"},  {"李", "Li"},    {"张", "Zhang"}, {"刘", "Liu"},
    {"陈", "Chen"},  {"杨", "Yang"},  {"黄", "Huang"}, {"赵", "Zhao"},
    {"吴", "Wu"},    {"周", "Zhou"},  {"徐", "Xu"},    {"孙", "Sun"},
    {"马", "Ma"},    {"朱", "Zhu"},   {"胡", "Hu"},    {"郭", "Guo"},
    {"何", "He"},    {"高", "Gao"},   {"林", "Lin"},   {"罗", "Luo"},
    {"郑", "Zheng"}, {"梁", "Liang"}, {"谢", "Xie"},   {"宋", "Song"},
    {"唐", "Tang"},  {"许", "Xu"},    {"韩", "Han"},   {"冯", "Feng"},
    {"邓", "Deng"},  {"曹", "Cao"},   {"彭", "Peng"},  {"肖", "Xiao"},
    {"田", "Tian"},  {"董", "Dong"},  {"袁", "Yuan"},  {"潘", "Pan"},
    {"于", "Yu"},    {"蒋", "Jiang"}, {"蔡", "Cai"},   {"余", "Yu"},
    {"杜", "Du"},    {"叶", "Ye"},    {"程", "Cheng"}, {"苏", "Su"},
    {"魏", "Wei"},   {"吕", "Lyu"},   {"丁", "Ding"},  {"任", "Ren"},
    {"沈", "Shen"},  {"姚", "Yao"},   {"卢", "Lu"},    {"姜", "Jiang"},
    {"崔", "Cui"},   {"钟", "Zhong"}, {"谭", "Tan"},   {"陆", "Lu"},
    {"汪", "Wang"},  {"范", "Fan"},   {"金", "Jin"},   {"石", "Shi"},
    {"廖", "Liao"},  {"贾", "Jia"},   {"夏", "Xia"},   {"韦", "Wei"},
    {"付", "Fu"},    {"方", "Fang"},  {"白", "Bai"},   {"邹", "Zou"},
    {"孟", "Meng"},  {"熊", "Xiong"}, {"秦", "Qin"},   {"邱", "Qiu"},
    {"江", "Jiang"}, {"尹", "Yin"},   {"薛", "Xue"},   {"闫", "Yan"},
    {"段", "Duan"},  {"雷", "Lei"},   {"侯", "Hou"},   {"龙", "Long"},
    {"史", "Shi"},   {"陶", "Tao"},   {"黎", "Li"},    {"贺", "He"},
    {"顾", "Gu"},    {"毛", "Mao"},   {"郝", "Hao"},   {"龚", "Gong"},
    {"邵", "Shao"},  {"万", "Wan"},   {"钱", "Qian"},  {"严", "Yan"},
    {"覃", "Qin"},   {"武", "Wu"},    {"戴", "Dai"},   {"莫", "Mo"},
    {"孔", "Kong"},  {"向", "Xiang"}, {"曾", "Zeng"},  {"单", "Shan"},
    {"解", "Xie"},   {"区", "Ou"},    {"仇", "Qiu"},
};

static const syl given_chars[] = {
    {"伟", "wei"},   {"芳", "fang"},  {"娜", "na"},    {"敏", "min"},
    {"静", "jing"},  {"丽", "li"},    {"强", "qiang"}, {"磊", "lei"},
    {"军", "jun"},   {"洋", "yang"},  {"勇", "yong"},  {"艳", "yan"},
    {"杰", "jie"},   {"娟", "juan"},  {"涛", "tao"},   {"明", "ming"},
    {"超", "chao"},  {"秀", "xiu"},   {"霞", "xia"},   {"平", "ping"},
    {"刚", "gang"},  {"桂", "gui"},   {"英", "ying"},  {"华", "hua"},
    {"建", "jian"},  {"国", "guo"},   {"文", "wen"},   {"辉", "hui"},
    {"岩", "yan"},   {"红", "hong"},  {"玉", "yu"},    {"兰", "lan"},
    {"志", "zhi"},   {"海", "hai"},   {"鹏", "peng"},  {"宇", "yu"},
    {"晨", "chen"},  {"浩", "hao"},   {"然", "ran"},   {"子", "zi"},
    {"轩", "xuan"},  {"欣", "xin"},   {"怡", "yi"},    {"涵", "han"},
    {"思", "si"},    {"雨", "yu"},    {"博", "bo"},    {"嘉", "jia"},
    {"俊", "jun"},   {"宁", "ning"},  {"峰", "feng"},  {"春", "chun"},
    {"晓", "xiao"},  {"东", "dong"},  {"立", "li"},    {"新", "xin"},
    {"庆", "qing"},  {"德", "de"},    {"荣", "rong"},  {"安", "an"},
    {"成", "cheng"}, {"光", "guang"}, {"斌", "bin"},   {"恩", "en"},
    {"鸥", "ou"},
};

static const char *const publishers[] = {
    "新华网",	      "人民网",	  "中国教育报", "中国青年报", "光明日报",
    "中国教育新闻网", "湖南日报", "大众日报",	"甘肃日报",   "重庆日报",
    "铝加网",	      "澎湃新闻", "央广网",	"中国网",
};

static const char *const headlines[] = {
    "召开产教融合工作推进会", "与多家企业签署校企合作协议",
    "获批省级产教融合型企业", "举行毕业生供需见面会",
    "新建实训基地投入使用",   "入选“双高计划”建设单位",
    "发布年度社会责任报告",   "牵头组建产业学院",
    "开展“订单班”人才培养",   "举办职业技能大赛",
    "校企共建研发中心揭牌",   "召开理事会年度会议",
};

/* ---- the organisations ---- */

enum otype {
	O_ENTERPRISE,
	O_UNIVERSITY,
	O_VOCATIONAL,
	O_INSTITUTE,
	O_GOVERNMENT,
	O_ASSOCIATION,
	O_MEDIA,
	O_COMMUNITY,
	O_CONSORTIUM,
	O_ALLIANCE,
	O_GROUP,
	O_NTYPES
};

static const char *const type_names[O_NTYPES] = {"enterprise",
						 "university",
						 "vocational-school",
						 "research-institute",
						 "government",
						 "association",
						 "media",
						 "community",
						 "consortium",
						 "alliance",
						 "education-group"};

/* Id prefixes: ent-123 says what org 123 is. */
static const char *const type_prefixes[O_NTYPES] = {
    "ent-", "uni-", "voc-", "ins-", "gov-", "asn-",
    "med-", "com-", "con-", "all-", "grp-"};

/* Per mille, in enum order: the proportions documented above. */
static const uint16_t type_permille[O_NTYPES] = {550, 50, 250, 50, 30, 40,
						 10,  3,  7,   4,  6};

static int is_body(int t)
{
	return t >= O_COMMUNITY;
}

static const char *const ministries_zh[] = {
    "中华人民共和国教育部", "国家发展和改革委员会", "工业和信息化部",
    "人力资源和社会保障部"};
static const char *const ministries_en[] = {
    "Ministry of Education of the People's Republic of China",
    "National Development and Reform Commission",
    "Ministry of Industry and Information Technology",
    "Ministry of Human Resources and Social Security"};
static const char *const ministries_acronym[] = {"MOE", "NDRC", "MIIT",
						 "MOHRSS"};

/* Everything about one organisation, redrawn from its stream on demand. */
typedef struct org {
	uint32_t i, founded, dissolved;
	int type, ministry, city, prov_only, field, variant, a, b, group;
	int has_en, has_alias, has_uscc, has_loc, level;
	sb zh, en, alias;
	int alias_en; /* the alias is an English acronym */
} org;

static uint32_t n_orgs, n_persons, n_sources, n_signings;
static uint8_t *types;
/* indices by kind, ascending */
static uint32_t *nonbody, *govs, *ents, *unis, *vocs, *schools;
static uint32_t n_nonbody, n_govs, n_ents, n_unis, n_vocs, n_schools;

static int ministry_of(uint32_t i)
{
	uint32_t k;

	for (k = 0; k < n_govs && k < COUNT(ministries_zh); k++)
		if (govs[k] == i)
			return (int)k;
	return -1;
}

/* A date in [y0, y1], day <= 27 so that day + 1 is always a date. */
static uint32_t date_in(rng *r, uint32_t y0, uint32_t y1)
{
	return (y0 + below(r, y1 - y0 + 1)) * 10000 + (1 + below(r, 12)) * 100 +
	       1 + below(r, 27);
}

/* The same, sometimes known only to the year or month. */
static uint32_t vague_date_in(rng *r, uint32_t y0, uint32_t y1)
{
	uint32_t d = date_in(r, y0, y1), p = below(r, 10);

	return p < 3 ? d / 10000 * 10000 : p < 4 ? d / 100 * 100 : d;
}

static const char *const level_names[] = {NULL, "national", "provincial",
					  "municipal", "county"};

/* The first letters of the capitalised words: "MOE" style acronyms. */
static void acronym(sb *out, const char *en)
{
	char t[2] = {0, 0};
	const char *p;

	clear(out);
	for (p = en; *p; p++)
		if ((p == en || p[-1] == ' ') && *p >= 'A' && *p <= 'Z') {
			t[0] = *p;
			add(out, t);
		}
}

static void stem_py(sb *b, int a, int c)
{
	const char *second = stem_b[c].py;

	add(b, stem_a[a].py);
	/* a syllable starting with a vowel is set off: Yong'an */
	if (second[0] == 'a' || second[0] == 'e' || second[0] == 'o')
		add(b, "'");
	add(b, second);
}

static void org_get(org *o, uint32_t i)
{
	rng r = stream(T_ORG, i);
	const city *c;
	const province *p;
	const field *f;
	const suffix *s;
	const char *place_zh, *place_en;

	o->i = i;
	o->type = types[i];
	o->ministry = o->type == O_GOVERNMENT ? ministry_of(i) : -1;
	o->city = (int)below(&r, COUNT(cities));
	o->prov_only = chance(&r, 40);
	o->field = (int)below(&r, COUNT(industries));
	o->variant = (int)below(&r, 1000);
	o->a = (int)below(&r, COUNT(stem_a));
	o->b = (int)below(&r, COUNT(stem_b));
	o->group = o->type == O_ENTERPRISE && chance(&r, 8);
	o->has_en = chance(&r, 70);
	o->has_alias = chance(&r, 30);
	o->has_uscc = !is_body(o->type) && chance(&r, 40);
	o->has_loc = below(&r, 10);
	o->level = 0;
	o->dissolved = 0;
	o->alias_en = 0;
	clear(&o->zh);
	clear(&o->en);
	clear(&o->alias);

	c = &cities[o->city];
	p = &provinces[c->province];
	place_zh = o->prov_only ? p->zh : c->zh;
	place_en = o->prov_only ? province_en_short[c->province] : c->en;
	f = &industries[o->field];

	switch (o->type) {
	case O_ENTERPRISE:
		o->founded = vague_date_in(&r, 1950, 2022);
		if (chance(&r, 1))
			o->dissolved = (o->founded / 10000 + 1 +
					below(&r, 2025 - o->founded / 10000)) *
				       10000;
		if (o->group && chance(&r, 40)) {
			add(&o->zh, "中国");
			add(&o->en, "China ");
		} else if (!o->group || chance(&r, 50)) {
			add(&o->zh, place_zh);
			add(&o->en, place_en);
			add(&o->en, " ");
		}
		add(&o->zh, stem_a[o->a].zh);
		add(&o->zh, stem_b[o->b].zh);
		add(&o->zh, f->zh);
		stem_py(&o->en, o->a, o->b);
		add(&o->en, " ");
		add(&o->en, f->en);
		s = o->group
			? &group_suffixes[o->variant % COUNT(group_suffixes)]
			: &company_suffixes[o->variant %
					    COUNT(company_suffixes)];
		add(&o->zh, s->zh);
		add(&o->en, s->en);
		/* the place too: trade names alone repeat across cities */
		add(&o->alias, place_zh);
		add(&o->alias, stem_a[o->a].zh);
		add(&o->alias, stem_b[o->b].zh);
		add(&o->alias, o->group ? "集团" : f->zh);
		break;
	case O_UNIVERSITY:
		o->founded = vague_date_in(&r, 1898, 2015);
		s = &university_kinds[o->variant % COUNT(university_kinds)];
		add(&o->zh, place_zh);
		add(&o->zh, s->zh);
		add(&o->en, place_en);
		add(&o->en, s->en);
		if (s->alias) {
			add(&o->alias, place_zh);
			add(&o->alias, s->alias);
		}
		break;
	case O_VOCATIONAL: {
		const field *sf =
		    &school_fields[o->variant / 7 % COUNT(school_fields)];
		o->founded = vague_date_in(&r, 1950, 2020);
		s = &school_kinds[o->variant % COUNT(school_kinds)];
		add(&o->zh, place_zh);
		add(&o->zh, sf->zh);
		add(&o->zh, s->zh);
		add(&o->en, place_en);
		add(&o->en, " ");
		add(&o->en, sf->en);
		add(&o->en, s->en);
		if (s->alias) {
			add(&o->alias, place_zh);
			add(&o->alias, sf->zh);
			add(&o->alias, s->alias);
		}
		break;
	}
	case O_INSTITUTE: {
		int national = o->prov_only && chance(&r, 30);
		o->founded = vague_date_in(&r, 1950, 2020);
		s = &institute_kinds[o->variant % COUNT(institute_kinds)];
		add(&o->zh, national ? "中国" : place_zh);
		add(&o->zh, f->zh);
		add(&o->zh, s->zh);
		add(&o->en, national ? "China" : place_en);
		add(&o->en, " ");
		add(&o->en, f->en);
		add(&o->en, s->en);
		add(&o->alias, f->zh);
		add(&o->alias, s->alias);
		break;
	}
	case O_GOVERNMENT:
		o->founded = o->ministry >= 0 || chance(&r, 50)
				 ? 0
				 : vague_date_in(&r, 1949, 2018);
		if (o->ministry >= 0) {
			o->level = 1;
			add(&o->zh, ministries_zh[o->ministry]);
			add(&o->en, ministries_en[o->ministry]);
			add(&o->alias, ministries_acronym[o->ministry]);
			o->alias_en = 1;
			o->has_en = 1;
			o->has_alias = 1;
			break;
		}
		switch (o->variant % 6) {
		case 0: /* the provincial education department */
			o->level = 2;
			add(&o->zh, p->full);
			add(&o->zh, p->municipality ? "教育委员会" : "教育厅");
			if (p->municipality) {
				add(&o->en, p->en);
				add(&o->en, " Municipal Education Commission");
			} else {
				add(&o->en, "Department of Education of ");
				add(&o->en, p->en);
			}
			break;
		case 1:
			o->level = 2;
			add(&o->zh, p->full);
			add(&o->zh, p->municipality ? "人力资源和社会保障局"
						    : "人力资源和社会保障厅");
			add(&o->en, "Department of Human Resources and Social "
				    "Security of ");
			add(&o->en, p->en);
			break;
		case 2:
			o->level = 2;
			add(&o->zh, p->full);
			add(&o->zh, p->municipality ? "经济和信息化委员会"
						    : "工业和信息化厅");
			add(&o->en, "Department of Industry and Information "
				    "Technology of ");
			add(&o->en, p->en);
			break;
		case 3:
			o->level = 2;
			add(&o->zh, p->full);
			add(&o->zh, "发展和改革委员会");
			add(&o->en, "Development and Reform Commission of ");
			add(&o->en, p->en);
			break;
		case 4: /* the city government: pilot cities */
			o->level = p->municipality ? 2 : 3;
			add(&o->zh, c->zh);
			add(&o->zh, "市人民政府");
			add(&o->en, c->en);
			add(&o->en, " Municipal People's Government");
			break;
		default:
			o->level = 3;
			add(&o->zh, c->zh);
			add(&o->zh, "市教育局");
			add(&o->en, c->en);
			add(&o->en, " Municipal Education Bureau");
			break;
		}
		break;
	case O_ASSOCIATION:
		o->founded = vague_date_in(&r, 1980, 2023);
		s = &association_kinds[o->variant % COUNT(association_kinds)];
		if (o->variant % 5 == 0) {
			add(&o->zh, "中国");
			add(&o->en, "China ");
		} else {
			add(&o->zh, p->full);
			add(&o->en, province_en_short[c->province]);
			add(&o->en, " ");
		}
		add(&o->zh, f->zh);
		add(&o->zh, s->zh);
		add(&o->en, f->en);
		add(&o->en, s->en);
		break;
	case O_MEDIA:
		o->founded = vague_date_in(&r, 1949, 2015);
		s = &media_kinds[o->variant % COUNT(media_kinds)];
		add(&o->zh, place_zh);
		add(&o->zh, s->zh);
		add(&o->en, place_en);
		add(&o->en, s->en);
		break;
	case O_COMMUNITY:
		o->founded = date_in(&r, 2023, 2025);
		o->level = 1;
		add(&o->zh, o->variant % 2 ? "国家" : "全国");
		add(&o->zh, f->zh);
		add(&o->zh, "行业产教融合共同体");
		add(&o->en, "Industry-Education Integration Community of the "
			    "National ");
		add(&o->en, f->en);
		add(&o->en, " Industry");
		add(&o->alias, f->zh);
		add(&o->alias, "产教融合共同体");
		break;
	case O_CONSORTIUM:
		o->founded = date_in(&r, 2022, 2025);
		o->level = 3;
		add(&o->zh, c->zh);
		add(&o->zh, f->zh);
		add(&o->zh, "市域产教联合体");
		add(&o->en, c->en);
		add(&o->en, " ");
		add(&o->en, f->en);
		add(&o->en, " City Industry-Education Consortium");
		add(&o->alias, c->zh);
		add(&o->alias, f->zh);
		add(&o->alias, "联合体");
		break;
	case O_ALLIANCE:
		o->founded = date_in(&r, 2012, 2025);
		o->level = o->variant % 3 ? 2 : 1;
		add(&o->zh, o->level == 1 ? "全国" : p->zh);
		add(&o->zh, f->zh);
		add(&o->zh, o->variant % 2 ? "产教融合联盟" : "校企合作联盟");
		add(&o->en, o->level == 1 ? "National"
					  : province_en_short[c->province]);
		add(&o->en, " ");
		add(&o->en, f->en);
		add(&o->en, o->variant % 2
				? " Industry-Education Integration Alliance"
				: " School-Enterprise Cooperation Alliance");
		break;
	default: /* O_GROUP */
		o->founded = date_in(&r, 2008, 2022);
		o->level = o->prov_only ? 2 : 3;
		add(&o->zh, place_zh);
		add(&o->zh, f->zh);
		add(&o->zh, "职业教育集团");
		add(&o->en, place_en);
		add(&o->en, " ");
		add(&o->en, f->en);
		add(&o->en, " Vocational Education Group");
		add(&o->alias, place_zh);
		add(&o->alias, f->zh);
		add(&o->alias, "职教集团");
		break;
	}
	/* without a Chinese short form, an acronym of the English name */
	if (!o->alias.n && o->has_en) {
		acronym(&o->alias, o->en.s);
		o->alias_en = o->alias.n >= 2;
		if (!o->alias_en)
			clear(&o->alias);
	}
	if (!o->alias.n)
		o->has_alias = 0;
}

static void wid_org(uint32_t i)
{
	w(type_prefixes[types[i]]);
	wu(i);
}

static void wref_org(const char *attr, uint32_t i)
{
	w(" ");
	w(attr);
	w("=\"");
	wid_org(i);
	w("\"");
}

/* ---- the USCC (GB 32100-2015) and its organisation code (GB 11714) ---- */

static const char uscc_chars[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

static void make_uscc(char out[19], const org *o)
{
	static const int w11714[8] = {3, 7, 9, 10, 5, 8, 4, 2};
	static const int w32100[17] = {1,  3,  9,  27, 19, 26, 16, 17, 20,
				       29, 25, 13, 8,  24, 10, 30, 28};
	const char *reg = o->type == O_ENTERPRISE    ? "91"
			  : o->type == O_GOVERNMENT  ? "11"
			  : o->type == O_ASSOCIATION ? "51"
						     : "12";
	const char *div = o->ministry >= 0 ? "100000" : cities[o->city].code;
	/* 10^8 codes; the multiplier is prime to 10, so each org its own */
	uint64_t code =
	    ((uint64_t)o->i * 48271u + seed_base % 100000000u) % 100000000u;
	int k, sum = 0, c;

	memcpy(out, reg, 2);
	memcpy(out + 2, div, 6);
	for (k = 7; k >= 0; k--, code /= 10)
		out[8 + k] = (char)('0' + code % 10);
	for (k = 0; k < 8; k++)
		sum += (out[8 + k] - '0') * w11714[k];
	c = 11 - sum % 11;
	out[16] = c == 10 ? 'X' : c == 11 ? '0' : (char)('0' + c);
	sum = 0;
	for (k = 0; k < 17; k++)
		sum +=
		    (int)(strchr(uscc_chars, out[k]) - uscc_chars) * w32100[k];
	c = 31 - sum % 31;
	out[17] = uscc_chars[c == 31 ? 0 : c];
	out[18] = '\0';
}

/* ---- records ---- */

/* A cite of source "src-" prefix n: the prefix tells the pools apart. */
static void wcite(const char *prefix, uint32_t n)
{
	w("    <cite source=\"src-");
	w(prefix);
	wu(n);
	w("\"/>\n");
}

/* One or two cites of the general sources, each with a chance. */
static void wcites(rng *r, uint32_t percent)
{
	uint32_t s, t;

	if (!chance(r, percent))
		return;
	s = below(r, n_sources);
	w("    <cite source=\"src-");
	wu(s);
	w("\"");
	if (chance(r, 15)) {
		w(" locator=\"第");
		wu(1 + below(r, 9));
		w("段\"");
	} else if (chance(r, 3)) {
		wattr("locator", "section \"Members & partners\"");
	}
	w("/>\n");
	if (n_sources > 1 && chance(r, 15)) {
		t = below(r, n_sources - 1);
		wcite("", t >= s ? t + 1 : t);
	}
}

/* cite_prefix: cite "src-" cite_prefix i, else cite the general pool */
static void write_org(const org *o, rng *r, const char *cite_prefix)
{
	const city *c = &cities[o->city];
	char uscc[19];

	w("  <organization");
	/* the type before the id sometimes: attribute order is free */
	if (o->i % 3 == 0)
		wattr("type", type_names[o->type]);
	w(" id=\"");
	wid_org(o->i);
	w("\"");
	if (o->i % 3 != 0)
		wattr("type", type_names[o->type]);
	if (o->level)
		wattr("level", level_names[o->level]);
	if (o->founded)
		wdate_attr("founded", o->founded);
	if (o->dissolved)
		wdate_attr("dissolved", o->dissolved);
	w(">\n");
	if (cite_prefix)
		wcite(cite_prefix, o->i);
	/* zh before en: not the canonical order of languages */
	wtext("name", "zh", o->zh.s);
	if (o->has_en)
		wtext("name", "en", o->en.s);
	if (o->has_alias) {
		w("    <alias xml:lang=\"");
		w(o->alias_en ? "en" : "zh");
		w(o->alias_en ? "\" kind=\"acronym\">" : "\" kind=\"short\">");
		wesc(o->alias.s);
		w("</alias>\n");
	}
	if (o->type == O_ENTERPRISE || o->type == O_INSTITUTE ||
	    o->type == O_ASSOCIATION || o->type == O_COMMUNITY ||
	    o->type == O_CONSORTIUM) {
		wtext("sector", "en", industries[o->field].sector);
		if (o->variant % 4 == 0)
			wtext("sector", "zh", industries[o->field].zh);
	}
	if (o->has_uscc) {
		make_uscc(uscc, o);
		w("    <identifier scheme=\"uscc\">");
		w(uscc);
		w("</identifier>\n");
	}
	if (o->has_loc < 6) {
		w("    <location division=\"");
		w(o->ministry >= 0 ? "110000" : c->code);
		w("\" xml:lang=\"zh\">");
		w(o->ministry >= 0 ? "北京市" : c->place);
		w("</location>\n");
	} else if (o->has_loc == 6) {
		w("    <location division=\"");
		w(o->ministry >= 0 ? "110000" : c->code);
		w("\"/>\n");
	}
	if (!cite_prefix)
		wcites(r, 85);
	w("  </organization>\n");
}

/* The sources: the general pool src-0 .. src-(n_sources - 1). */
static void write_source(uint32_t s)
{
	rng r = stream(T_SRC, s);
	uint32_t kind = below(&r, 100), pub = date_in(&r, 2015, 2025);
	org o;

	org_get(&o, below(&r, n_orgs));
	w("  <source id=\"src-");
	wu(s);
	w("\" type=\"");
	w(kind < 80   ? "news"
	  : kind < 88 ? "policy"
	  : kind < 95 ? "report"
		      : "web");
	w("\"");
	wdate_attr("published", pub);
	w(" url=\"https://www.example.cn/");
	if (kind < 80) {
		w("news/");
		wu(pub / 100);
		w("/");
		wu(s);
		w(".html\"");
	} else {
		w("content.jsp?id=");
		wu(s);
		w("&amp;channel=");
		wu(below(&r, 40));
		w("\"");
	}
	w(" xml:lang=\"zh\">\n");
	w("    <title xml:lang=\"zh\">");
	if (kind >= 80 && kind < 88) {
		/* ASCII brackets in text, to exercise escaping */
		w("关于印发&lt;");
		wesc(industries[o.field].zh);
		w("行业产教融合实施方案&gt;的通知");
	} else {
		wesc(o.zh.s);
		w(PICK(&r, headlines));
	}
	w("</title>\n");
	if (kind < 80) {
		w("    <publisher xml:lang=\"zh\">");
		w(PICK(&r, publishers));
		w("</publisher>\n");
	} else if (kind < 88 && n_govs) {
		w("    <issuer");
		wref_org("org", govs[below(&r, n_govs)]);
		w("/>\n");
	}
	w("  </source>\n");
}

/* A source for one event, published on the event's day or the next. */
static void write_event_source(const char *id, uint32_t n, uint32_t date,
			       const char *title, rng *r)
{
	w("  <source id=\"");
	w(id);
	wu(n);
	w("\" type=\"news\"");
	wdate_attr("published", date + below(r, 2));
	w(" xml:lang=\"zh\">\n    <title xml:lang=\"zh\">");
	wesc(title);
	w("</title>\n    <publisher xml:lang=\"zh\">");
	w(PICK(r, publishers));
	w("</publisher>\n  </source>\n");
}

static void person_name(sb *zh, sb *en, rng *r)
{
	const surname *s = &surnames[below(r, COUNT(surnames))];
	const syl *g1 = &given_chars[below(r, COUNT(given_chars))];
	const syl *g2 =
	    chance(r, 70) ? &given_chars[below(r, COUNT(given_chars))] : NULL;
	char cap[8];
	size_t l = strlen(g1->py);

	clear(zh);
	clear(en);
	add(zh, s->zh);
	add(zh, g1->zh);
	add(en, s->py);
	add(en, " ");
	memcpy(cap, g1->py, l + 1);
	cap[0] = (char)(cap[0] - 'a' + 'A');
	add(en, cap);
	if (g2) {
		add(zh, g2->zh);
		if (g2->py[0] == 'a' || g2->py[0] == 'e' || g2->py[0] == 'o')
			add(en, "'");
		add(en, g2->py);
	}
}

typedef struct titles {
	const char *zh, *en;
} titles;

static const titles post_titles[O_NTYPES][3] = {
    [O_ENTERPRISE] = {{"董事长", "Chairman of the Board"},
		      {"总经理", "General Manager"},
		      {"人力资源总监", "Director of Human Resources"}},
    [O_UNIVERSITY] = {{"校长", "President"},
		      {"党委书记", "Secretary of the Party Committee"},
		      {"副校长", "Vice President"}},
    [O_VOCATIONAL] = {{"院长", "President"},
		      {"党委书记", "Secretary of the Party Committee"},
		      {"副院长", "Vice President"}},
    [O_INSTITUTE] = {{"院长", "Director"},
		     {"总工程师", "Chief Engineer"},
		     {"副院长", "Deputy Director"}},
    [O_GOVERNMENT] = {{"厅长", "Director-General"},
		      {"副厅长", "Deputy Director-General"},
		      {"处长", "Division Director"}},
    [O_ASSOCIATION] = {{"会长", "President"},
		       {"秘书长", "Secretary-General"},
		       {"副会长", "Vice President"}},
    [O_MEDIA] = {{"社长", "President"},
		 {"总编辑", "Editor-in-Chief"},
		 {"记者", "Reporter"}},
};

static void write_post(uint32_t p, rng *r, uint32_t from, uint32_t until)
{
	uint32_t o = nonbody[below(r, n_nonbody)];
	const titles *t = &post_titles[types[o]][below(r, 3)];

	w("  <post person=\"p-");
	wu(p);
	w("\"");
	wref_org("org", o);
	if (from)
		wdate_attr("from", from);
	if (until)
		wdate_attr("until", until);
	w(">\n");
	wtext("title", "zh", t->zh);
	if (chance(r, 60))
		wtext("title", "en", t->en);
	wcites(r, 70);
	w("  </post>\n");
}

/* The posts first: they name a person written after them. */
static void write_person(uint32_t p)
{
	rng r = stream(T_PERSON, p);
	sb zh, en;
	uint32_t from = vague_date_in(&r, 2005, 2024);

	person_name(&zh, &en, &r);
	if (chance(&r, 15)) {
		uint32_t y = from / 10000;
		write_post(p, &r, (y - 1 - below(&r, 5)) * 10000, y * 10000);
	}
	write_post(p, &r, from, 0);
	w("  <person id=\"p-");
	wu(p);
	w("\">\n");
	wtext("name", "zh", zh.s);
	if (chance(&r, 50))
		wtext("name", "en", en.s);
	wcites(&r, 80);
	w("  </person>\n");
}

static void write_relation(uint32_t from, uint32_t to, const char *type,
			   uint32_t since, rng *r)
{
	w("  <relation");
	wref_org("from", from);
	wref_org("to", to);
	wattr("type", type);
	if (since)
		wdate_attr("since", since);
	if (chance(r, 60)) {
		w(">\n");
		wcites(r, 100);
		w("  </relation>\n");
	} else {
		w("/>\n");
	}
}

static void write_designation(uint32_t org_i, const char *programme,
			      uint32_t batch, uint32_t date, int issuer, rng *r)
{
	w("  <designation");
	if (chance(r, 10)) {
		w(" id=\"d-");
		wu(org_i);
		w("\"");
	}
	wattr("programme", programme);
	wref_org("org", org_i);
	if (batch)
		wnum_attr("batch", batch);
	if (date)
		wdate_attr("date", date);
	if (issuer >= 0 && (uint32_t)issuer < n_govs)
		wref_org("issuer", govs[issuer]);
	w(">\n");
	wcites(r, 90);
	w("  </designation>\n");
}

static const char *const qualifiers[] = {"exact", "more-than", "about",
					 "at-least"};

static void write_attendance(rng *r, const char *mode)
{
	uint32_t q = below(r, COUNT(qualifiers));

	w("    <attendance mode=\"");
	w(mode);
	w("\"");
	wnum_attr("value", (1 + below(r, 60)) * 10);
	if (q || chance(r, 50))
		wattr("qualifier", qualifiers[q]);
	w("/>\n");
}

static void write_participants(rng *r, uint32_t npersons, const char *role)
{
	uint32_t k, p0 = below(r, n_persons);

	for (k = 0; k < npersons && k < n_persons; k++) {
		w("    <participant person=\"p-");
		wu((p0 + k) % n_persons);
		w("\"");
		wattr("role", role);
		w("/>\n");
	}
}

static uint32_t n_agreements, n_statistics;

static const struct agreement_kind {
	const char *type, *before, *after;
} agreement_kinds[] = {
    {"framework", "共建", "产业学院框架协议"},
    {"talent-training", "", "现代学徒制人才培养合作协议"},
    {"research", "共建", "技术创新中心合作协议"},
    {"overseas-schooling", "海外", "技能人才培养合作协议"},
    {"cooperation", "", "校企合作协议"},
};

/* At event prefix + n; parties are n >= 2 distinct org indices. */
static void write_agreement(const char *prefix, uint32_t event_n, uint32_t date,
			    const uint32_t *parties, uint32_t n, int field,
			    rng *r)
{
	const struct agreement_kind *k =
	    &agreement_kinds[below(r, COUNT(agreement_kinds))];
	uint32_t j;

	w("  <agreement id=\"ag-");
	wu(n_agreements++);
	w("\"");
	wattr("type", k->type);
	wdate_attr("signed", date);
	w(" event=\"ev-");
	w(prefix);
	wu(event_n);
	w("\">\n    <title xml:lang=\"zh\">");
	w(k->before);
	w(industries[field].zh);
	w(k->after);
	w("</title>\n");
	for (j = 0; j < n; j++) {
		w("    <party");
		wref_org("org", parties[j]);
		w("/>\n");
	}
	if (chance(r, 80))
		wcite(prefix, event_n);
	w("  </agreement>\n");
}

static uint32_t gcd(uint32_t a, uint32_t b)
{
	while (b) {
		uint32_t t = a % b;
		a = b;
		b = t;
	}
	return a;
}

/* Scans a body's member sequence for the first of a type, else -1. */
static int64_t find_type(const uint32_t *seq, uint32_t k, int type,
			 int64_t skip)
{
	uint32_t j;

	for (j = 0; j < k; j++)
		if ((int64_t)j != skip && types[seq[j]] == type)
			return j;
	return -1;
}

static const uint32_t first_batch[] = {0, 20231229, 20241128};

/*
 * A body with everything that comes with it: its memberships (written
 * before the body and its source), the body, its member-units figure, its
 * founding conference and the agreements signed there.
 */
static void write_body(uint32_t i)
{
	static uint32_t seq[150];
	rng r = stream(T_BODY, i);
	org body, lead_o;
	uint32_t k = 20 + below(&r, 131), start, step, j, counts[O_NTYPES];
	uint32_t parties[4], np, na;
	int64_t lead, chair;
	int pref_lead, pref_chair, t, vice;
	sb title;

	org_get(&body, i);
	if (k > n_nonbody)
		k = n_nonbody;
	/* distinct members: start + j * step for a step prime to the count */
	start = below(&r, n_nonbody);
	step = n_nonbody > 1 ? 1 + below(&r, n_nonbody - 1) : 1;
	while (gcd(step, n_nonbody) != 1)
		step++;
	for (j = 0; j < k; j++)
		seq[j] = nonbody[(start + (uint64_t)j * step) % n_nonbody];

	pref_lead = body.type == O_COMMUNITY  ? O_ENTERPRISE
		    : body.type == O_ALLIANCE ? O_UNIVERSITY
					      : O_VOCATIONAL;
	pref_chair = body.type == O_COMMUNITY ? O_UNIVERSITY : O_ENTERPRISE;
	lead = find_type(seq, k, pref_lead, -1);
	if (lead < 0)
		lead = 0;
	chair = find_type(seq, k, pref_chair, lead);
	if (chair < 0)
		chair = k > 1 ? (lead + 1) % k : -1;
	vice = 2 + (int)below(&r, 4);

	memset(counts, 0, sizeof counts);
	for (j = 0; j < k; j++) {
		const char *role = "member";
		counts[types[seq[j]]]++;
		if ((int64_t)j == lead)
			role = chair < 0 ? "lead chair" : "lead";
		else if ((int64_t)j == chair)
			role = "chair";
		else if (vice > 0) {
			role = vice == 1 && chance(&r, 50)
				   ? "vice-chair secretariat"
				   : "vice-chair";
			vice--;
		}
		w("  <membership");
		if (chance(&r, 10)) {
			w(" id=\"m-");
			wu(i);
			w("-");
			wu(j);
			w("\"");
		}
		wref_org("member", seq[j]);
		wref_org("body", i);
		wattr("role", role);
		wdate_attr("from", body.founded);
		if (chance(&r, 90)) {
			w(">\n    <cite source=\"src-b");
			wu(i);
			w("\"/>\n  </membership>\n");
		} else {
			w("/>\n");
		}
	}

	write_org(&body, &r, "b");

	/* the member-units figure: parts by type sum to the total */
	w("  <statistic id=\"st-");
	wu(n_statistics++);
	w("\" indicator=\"member-units\"");
	wref_org("subject", i);
	wdate_attr("date", body.founded);
	if (k > 10 && chance(&r, 10)) {
		wnum_attr("value", (k - 1) / 10 * 10);
		w(" qualifier=\"more-than\" unit=\"organization\">\n");
	} else {
		wnum_attr("value", k);
		w(" unit=\"organization\">\n");
		wtext("label", "en", "member units");
		for (t = 0; t < O_NTYPES; t++)
			if (counts[t]) {
				w("    <part");
				wattr("key", type_names[t]);
				wnum_attr("value", counts[t]);
				w("/>\n");
			}
	}
	w("    <cite source=\"src-b");
	wu(i);
	w("\" quote=\"");
	wu(k);
	w("家成员单位\"/>\n  </statistic>\n");

	/* the founding conference, hosted by the lead */
	org_get(&lead_o, seq[lead]);
	w("  <event id=\"ev-b");
	wu(i);
	w("\" type=\"conference\"");
	wdate_attr("date", body.founded);
	w(" hosts=\"");
	wid_org(seq[lead]);
	if (chair >= 0 && chance(&r, 30)) {
		w(" ");
		wid_org(seq[chair]);
	}
	w("\"");
	wref_org("body", i);
	w(">\n");
	clear(&title);
	add(&title, body.zh.s);
	add(&title, "成立大会");
	wtext("name", "zh", title.s);
	if (body.has_en) {
		w("    <name xml:lang=\"en\">Founding Conference of the ");
		wesc(body.en.s);
		w("</name>\n");
	}
	w("    <place xml:lang=\"zh\" division=\"");
	w(cities[lead_o.city].code);
	w("\">");
	w(cities[lead_o.city].place);
	w("</place>\n");
	if (n_govs) {
		w("    <participant");
		wref_org("org", govs[0]);
		w(" role=\"guide\"/>\n");
	}
	write_participants(&r, 1 + below(&r, 3), "speaker");
	for (j = 0; j + 1 < k && j < 3; j++) {
		w("    <participant");
		wref_org("org", seq[(lead + 1 + j) % k]);
		w(" role=\"signatory\"/>\n");
	}
	write_attendance(&r, "total");
	if (chance(&r, 30))
		write_attendance(&r, "online");
	w("    <cite source=\"src-b");
	wu(i);
	w("\"/>\n  </event>\n");
	clear(&title);
	add(&title, body.zh.s);
	add(&title, "成立大会在");
	add(&title, cities[lead_o.city].zh);
	add(&title, "举行");
	write_event_source("src-b", i, body.founded, title.s, &r);

	/* agreements signed there: the lead and members after it */
	na = k >= 2 ? 1 + below(&r, 2) : 0;
	for (j = 0; j < na; j++) {
		uint32_t m;
		np = 2 + below(&r, 3);
		if (np > k)
			np = k;
		parties[0] = seq[lead];
		/* distinct offsets 1 .. k-1 from the lead */
		for (m = 1; m < np; m++)
			parties[m] =
			    seq[(lead + 1 + (j * 3 + m - 1) % (k - 1)) % k];
		write_agreement("b", i, body.founded, parties, np, body.field,
				&r);
	}

	/* a place on a national list, issued by the ministry */
	if (body.type == O_CONSORTIUM && chance(&r, 50) &&
	    body.founded < first_batch[2])
		write_designation(i, "national-city-consortium",
				  body.founded < first_batch[1] ? 1 : 2,
				  body.founded < first_batch[1]
				      ? first_batch[1]
				      : first_batch[2],
				  0, &r);
	else if (body.type == O_COMMUNITY && chance(&r, 60))
		write_designation(i, "national-industry-community",
				  body.founded / 10000 <= 2023 ? 1 : 2, 0, 0,
				  &r);
	else if (body.type == O_GROUP && chance(&r, 30))
		write_designation(
		    i, "model-vocational-education-group",
		    body.founded / 10000 < 2020 ? 1 : 2,
		    body.founded / 10000 < 2020 ? 20201203 : 20220715, 0, &r);
}

/* Relations and designations that an ordinary organisation brings. */
static uint32_t *groups_seen;
static uint32_t n_groups_seen, n_vocs_seen;

static void write_ties(const org *o, rng *r)
{
	uint32_t i = o->i;

	switch (o->type) {
	case O_ENTERPRISE:
		if (!o->group && n_groups_seen && chance(r, 11))
			write_relation(i, groups_seen[below(r, n_groups_seen)],
				       "part-of", vague_date_in(r, 2000, 2024),
				       r);
		if (o->group)
			groups_seen[n_groups_seen++] = i;
		if (n_schools && chance(r, 3))
			write_relation(i, schools[below(r, n_schools)],
				       "partner-of", date_in(r, 2015, 2025), r);
		if (chance(r, 5)) {
			uint32_t batch = 1 + below(r, 4);
			static const uint32_t dates[] = {20200522, 20210716,
							 20220901, 20240312};
			write_designation(i,
					  "industry-education-integration-"
					  "enterprise",
					  batch, dates[batch - 1], 1, r);
		}
		break;
	case O_INSTITUTE:
		/* universities are never part of anything: no cycle */
		if (n_unis && chance(r, 20))
			write_relation(i, unis[below(r, n_unis)], "part-of", 0,
				       r);
		break;
	case O_VOCATIONAL:
		if (n_vocs_seen && chance(r, 2))
			write_relation(i, vocs[below(r, n_vocs_seen)],
				       "successor-of",
				       vague_date_in(r, 2000, 2024), r);
		n_vocs_seen++;
		if (chance(r, 8))
			write_designation(i, "double-high-plan", 1, 20191210, 0,
					  r);
		/* fall through */
	case O_UNIVERSITY:
		if (n_govs && chance(r, 40))
			write_relation(i, govs[below(r, n_govs)],
				       "supervised-by", 0, r);
		break;
	case O_GOVERNMENT:
		if (o->variant % 6 == 4 && chance(r, 30))
			write_designation(
			    i, "industry-education-integration-pilot-city",
			    o->variant % 2 + 1,
			    o->variant % 2 ? 20230615 : 20190925, 1, r);
		break;
	default:
		break;
	}
}

/* Enrolment and employment figures of a school. */
static void write_school_stats(const org *o, rng *r)
{
	uint32_t total = (3 + below(r, 28)) * 1000 + below(r, 1000), q, ft;

	q = below(r, 10);
	w("  <statistic id=\"st-");
	wu(n_statistics++);
	w("\" indicator=\"enrolled-students\"");
	wref_org("subject", o->i);
	w(" scope=\"");
	w(cities[o->city].code);
	w("\"");
	wdate_attr("date", (2022 + below(r, 4)) * 10000);
	wnum_attr("value", q < 3 ? total / 1000 * 1000 : total);
	if (q < 3)
		w(q < 2 ? " qualifier=\"about\"" : " qualifier=\"more-than\"");
	w(" unit=\"person\">\n");
	if (q >= 3) {
		ft = total * (80 + below(r, 16)) / 100;
		w("    <part key=\"full-time\"");
		wnum_attr("value", ft);
		w("/>\n    <part key=\"part-time\"");
		wnum_attr("value", total - ft);
		w("/>\n");
	}
	wcites(r, 90);
	w("  </statistic>\n");
	if (!chance(r, 30))
		return;
	q = 850 + below(r, 150);
	w("  <statistic id=\"st-");
	wu(n_statistics++);
	w("\" indicator=\"graduate-employment-rate\"");
	wref_org("subject", o->i);
	wdate_attr("date", (2022 + below(r, 4)) * 10000);
	w(" value=\"");
	wu(q / 10);
	w(".");
	wu(q % 10);
	w("\" unit=\"percent\">\n");
	wtext("label", "zh", "毕业生就业率");
	wcites(r, 90);
	w("  </statistic>\n");
}

/* A school-enterprise signing ceremony and its agreement. */
static void write_signing(uint32_t e)
{
	rng r = stream(T_SIGN, e);
	uint32_t host, parties[4], np = 2 + below(&r, 3), j, date;
	org h, x;
	sb title;

	host = n_schools ? schools[below(&r, n_schools)]
			 : nonbody[below(&r, n_nonbody)];
	parties[0] = host;
	for (j = 1; j < np; j++) {
		do
			parties[j] = n_ents ? ents[below(&r, n_ents)]
					    : nonbody[below(&r, n_nonbody)];
		while (parties[j] == host);
	}
	org_get(&h, host);
	org_get(&x, parties[1]);
	date = date_in(&r, 2016, 2025);
	w("  <event id=\"ev-e");
	wu(e);
	w("\" type=\"signing\"");
	wdate_attr("date", date);
	w(" hosts=\"");
	wid_org(host);
	w("\">\n");
	clear(&title);
	add(&title, h.zh.s);
	add(&title, "与");
	add(&title, x.zh.s);
	add(&title, "校企合作签约仪式");
	wtext("name", "zh", title.s);
	if (h.has_en && x.has_en && chance(&r, 50)) {
		clear(&title);
		add(&title, "Signing Ceremony of ");
		add(&title, h.en.s);
		add(&title, " and ");
		add(&title, x.en.s);
		wtext("name", "en", title.s);
	}
	if (chance(&r, 60)) {
		w("    <place xml:lang=\"zh\" division=\"");
		w(cities[h.city].code);
		w("\">");
		w(cities[h.city].place);
		w("</place>\n");
	}
	write_participants(&r, below(&r, 3),
			   chance(&r, 50) ? "speaker" : "attendee");
	for (j = 1; j < np; j++) {
		w("    <participant");
		wref_org("org", parties[j]);
		w(" role=\"signatory\"/>\n");
	}
	if (chance(&r, 40))
		write_attendance(&r, "onsite");
	wcite("e", e);
	w("  </event>\n");
	write_agreement("e", e, date, parties, np, h.field, &r);
	clear(&title);
	add(&title, h.zh.s);
	add(&title, "与");
	add(&title, x.zh.s);
	add(&title, "签署校企合作协议");
	write_event_source("src-e", e, date, title.s, &r);
}

/* National (scope CN) and provincial figures. */
static void write_national_stats(void)
{
	static const struct {
		const char *indicator, *value, *qualifier, *unit, *status;
		uint32_t date;
	} figs[] = {
	    {"vocational-schools", "11300", "more-than", "organization", NULL,
	     20240000},
	    {"vocational-majors", "1400", "more-than", "major", NULL, 20250500},
	    {"vocational-students", "35000000", "about", "person", NULL,
	     20240000},
	    {"city-consortia", "150", "about", "organization", "target",
	     20250000},
	    {"industry-communities", "100", "at-least", "organization",
	     "estimate", 20250000},
	    {"graduate-employment-rate", "95.1", NULL, "percent", "reported",
	     20240000},
	    {"integration-enterprises", "6300", "more-than", "organization",
	     NULL, 20231200},
	};
	rng r = stream(T_STAT, 0);
	uint32_t k;

	for (k = 0; k < COUNT(figs); k++) {
		w("  <statistic id=\"st-n");
		wu(k);
		w("\"");
		wattr("indicator", figs[k].indicator);
		w(" scope=\"CN\"");
		wdate_attr("date", figs[k].date);
		wattr("value", figs[k].value);
		if (figs[k].qualifier)
			wattr("qualifier", figs[k].qualifier);
		wattr("unit", figs[k].unit);
		if (figs[k].status)
			wattr("status", figs[k].status);
		w(">\n");
		wcites(&r, 100);
		w("  </statistic>\n");
	}
	for (k = 0; k < COUNT(provinces); k++) {
		w("  <statistic id=\"st-p");
		wu(k);
		w("\" indicator=\"vocational-schools\" scope=\"");
		w(provinces[k].code);
		w("\" date=\"2024\"");
		wnum_attr("value", 100 + below(&r, 600));
		if (chance(&r, 50))
			w(" qualifier=\"about\"");
		w(" unit=\"organization\">\n");
		w("    <label xml:lang=\"zh\">");
		w(provinces[k].full);
		w("职业院校数</label>\n");
		wcites(&r, 80);
		w("  </statistic>\n");
	}
}

/* ---- the plan and the document ---- */

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);

	if (!p)
		die("out of memory");
	return p;
}

static void plan(void)
{
	uint32_t i, t, x;

	types = xcalloc(n_orgs, 1);
	nonbody = xcalloc(n_orgs, sizeof *nonbody);
	govs = xcalloc(n_orgs, sizeof *govs);
	ents = xcalloc(n_orgs, sizeof *ents);
	unis = xcalloc(n_orgs, sizeof *unis);
	vocs = xcalloc(n_orgs, sizeof *vocs);
	schools = xcalloc(n_orgs, sizeof *schools);
	groups_seen = xcalloc(n_orgs, sizeof *groups_seen);
	for (i = 0; i < n_orgs; i++) {
		/*
		 * A permutation of 0..999 in each block of 1000: the
		 * proportions hold exactly, not just on average.
		 */
		rng r = stream(T_TYPE, i / 1000);
		x = (uint32_t)((i % 1000 * 389u + below(&r, 1000)) % 1000);
		for (t = 0; x >= type_permille[t]; t++)
			x -= type_permille[t];
		/* the ministries come first: every issuer exists */
		if (i == 0)
			t = O_GOVERNMENT;
		types[i] = (uint8_t)t;
		if (!is_body((int)t))
			nonbody[n_nonbody++] = i;
		if (t == O_GOVERNMENT)
			govs[n_govs++] = i;
		if (t == O_ENTERPRISE)
			ents[n_ents++] = i;
		if (t == O_UNIVERSITY)
			unis[n_unis++] = i;
		if (t == O_VOCATIONAL)
			vocs[n_vocs++] = i;
		if (t == O_UNIVERSITY || t == O_VOCATIONAL)
			schools[n_schools++] = i;
	}
	n_persons = n_orgs / 10 ? n_orgs / 10 : 1;
	n_sources = n_orgs;
	n_signings = n_nonbody >= 2 ? n_orgs / 2 : 0;
}

static void generate(void)
{
	uint64_t i, next_src = 0, next_person = 0, next_sign = 0;
	org o;

	w("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	  "<!-- generated by iedu-gen -->\n"
	  "<iedu xmlns=\"urn:iedu:1\" version=\"1\">\n");
	write_national_stats();
	for (i = 0; i < n_orgs; i++) {
		for (;
		     next_src < n_sources && next_src * n_orgs <= i * n_sources;
		     next_src++)
			write_source((uint32_t)next_src);
		for (; next_person < n_persons &&
		       next_person * n_orgs <= i * n_persons;
		     next_person++)
			write_person((uint32_t)next_person);
		for (; next_sign < n_signings &&
		       next_sign * n_orgs <= i * n_signings;
		     next_sign++)
			write_signing((uint32_t)next_sign);
		if (is_body(types[i])) {
			write_body((uint32_t)i);
		} else {
			rng r = stream(T_REL, i);
			org_get(&o, (uint32_t)i);
			write_org(&o, &r, NULL);
			write_ties(&o, &r);
			if ((o.type == O_VOCATIONAL ||
			     o.type == O_UNIVERSITY) &&
			    chance(&r, 50))
				write_school_stats(&o, &r);
		}
	}
	for (; next_src < n_sources; next_src++)
		write_source((uint32_t)next_src);
	for (; next_person < n_persons; next_person++)
		write_person((uint32_t)next_person);
	for (; next_sign < n_signings; next_sign++)
		write_signing((uint32_t)next_sign);
	w("</iedu>\n");
}

static const char usage[] =
    "Usage: iedu-gen [-n ORGS] [-s SEED] [-o FILE]\n"
    "\n"
    "Writes a valid iedu XML v1 document with ORGS organisations (default\n"
    "1000) and the memberships, persons, posts, relations, designations,\n"
    "events, agreements, statistics and sources that go with them, about\n"
    "6 records per organisation. The same ORGS and SEED (default 1) give\n"
    "the same bytes. Writes to FILE, or to standard output.\n";

static int parse_u64(const char *s, uint64_t max, uint64_t *out)
{
	char *end;
	unsigned long long v;

	if (!s || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end || v > max)
		return -1;
	*out = v;
	return 0;
}

int main(int argc, char **argv)
{
	uint64_t n = 1000, seed = 1;
	const char *path = NULL;
	rng r;
	int i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-h") == 0 ||
		    strcmp(argv[i], "--help") == 0) {
			fputs(usage, stdout);
			return 0;
		}
		if (strcmp(argv[i], "-n") == 0 && i + 1 < argc) {
			/* ids are 32-bit indices; 10^8 keeps USCCs unique */
			if (parse_u64(argv[++i], 100000000, &n) || n == 0) {
				fprintf(stderr, "iedu-gen: -n expects 1 to "
						"100000000\n");
				return 2;
			}
		} else if (strcmp(argv[i], "-s") == 0 && i + 1 < argc) {
			if (parse_u64(argv[++i], UINT64_MAX, &seed)) {
				fprintf(stderr, "iedu-gen: -s expects an "
						"unsigned integer\n");
				return 2;
			}
		} else if (strcmp(argv[i], "-o") == 0 && i + 1 < argc) {
			path = argv[++i];
		} else {
			fprintf(stderr, "iedu-gen: unexpected '%s'\n%s",
				argv[i], usage);
			return 2;
		}
	}
	r.s = seed;
	seed_base = next64(&r);
	n_orgs = (uint32_t)n;
	ofp = path ? fopen(path, "wb") : stdout;
	if (!ofp)
		die(path);
	plan();
	generate();
	flush_out();
	if (path ? fclose(ofp) != 0 : fflush(ofp) != 0)
		die(path ? path : "stdout");
	return 0;
}
