"""The fixed lists a form offers: 性别, 民族, 学历, 政治面貌, branch kinds, committee posts."""

GENDERS = ("男", "女")

POLITICAL_STATUSES = ("共青团员", "中共预备党员", "中共党员")
PARTY_STATUSES = frozenset({"中共预备党员", "中共党员"})

EDUCATIONS = (
    "小学",
    "初中",
    "高中",
    "中专",
    "中职",
    "技校",
    "大专",
    "本科",
    "硕士研究生",
    "博士研究生",
)

ID_TYPES = ("居民身份证", "港澳居民来往内地通行证", "台湾居民来往大陆通行证", "护照", "其他")

#: the branch kind whose calendar runs by 学期 and whose members pay as students by default
SCHOOL_BRANCH_KIND = "学校(班级)"

BRANCH_KINDS = (
    SCHOOL_BRANCH_KIND,
    "机关事业单位",
    "国有企业",
    "非公企业",
    "农村",
    "社区",
    "社会组织",
    "其他",
)

COMMITTEE_POSTS = ("书记", "副书记", "组织委员", "宣传委员", "文体委员", "委员")

ETHNICITIES = (
    "汉族",
    "蒙古族",
    "回族",
    "藏族",
    "维吾尔族",
    "苗族",
    "彝族",
    "壮族",
    "布依族",
    "朝鲜族",
    "满族",
    "侗族",
    "瑶族",
    "白族",
    "土家族",
    "哈尼族",
    "哈萨克族",
    "傣族",
    "黎族",
    "傈僳族",
    "佤族",
    "畲族",
    "高山族",
    "拉祜族",
    "水族",
    "东乡族",
    "纳西族",
    "景颇族",
    "柯尔克孜族",
    "土族",
    "达斡尔族",
    "仫佬族",
    "羌族",
    "布朗族",
    "撒拉族",
    "毛南族",
    "仡佬族",
    "锡伯族",
    "阿昌族",
    "普米族",
    "塔吉克族",
    "怒族",
    "乌孜别克族",
    "俄罗斯族",
    "鄂温克族",
    "德昂族",
    "保安族",
    "裕固族",
    "京族",
    "塔塔尔族",
    "独龙族",
    "鄂伦春族",
    "赫哲族",
    "门巴族",
    "珞巴族",
    "基诺族",
    "其他",
)


def normalize_ethnicity(value: str) -> str:
    """'汉' → '汉族'; unknown values are kept as written."""
    value = value.strip()
    if value and value not in ETHNICITIES and value + "族" in ETHNICITIES:
        return value + "族"
    return value
