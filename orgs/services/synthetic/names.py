"""Chinese names drawn for a synthetic district: people, streets, communities and villages, and ordinals."""

import random

from orgs.models import Gender


def _two_character_names(text: str) -> tuple[str, ...]:
    return tuple(text[i : i + 2] for i in range(0, len(text), 2))


SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾"
    "夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
MALE_NAME_CHARACTERS = (
    "伟强磊军洋勇杰涛明超平刚华建国志文斌波宇浩凯鹏辉飞鑫峰亮成德福荣祥瑞兴安东升庆卫民光永学立振海林"
)
FEMALE_NAME_CHARACTERS = "芳娜秀英敏静丽艳娟霞兰桂玉梅红晨欣怡佳琪雪婷慧颖丹春燕萍淑珍秋菊晓琳露倩璐"
URBAN_PLACES = _two_character_names(
    "幸福和平光明朝阳新华人民建设文化东风红星长安花园金桥银湖春晖明珠翠竹枫林桃源杏林荷塘石门柳岸龙泉锦绣望江滨湖振兴"
    "育才书香丰收星光新民安居玉兰紫荆丽景湖滨迎宾东湖南苑西园北辰青年和谐惠民康乐龙山凤凰金沙清水白云碧桂向阳胜利解放"
    "团结"
)
VILLAGE_SUFFIXES = ("村", "湾村", "坪村", "冲村", "岭村", "铺村", "塘村", "桥村")
STREET_PLACES = _two_character_names(
    "东城南湖西山北苑中山滨江城南城北金田新城江北河西太平永安长乐高桥石桥清泉黄土白沙青石柳溪梅花竹山松林云台沙田马坪"
    "龙潭大坝新塘铁山锡矿渣渡禾青毛易三尖中连岩口矿山铎山金竹布溪潘桥冷水资江花山樟树杨柳桂花"
)
FLOATING_PLACES = (
    "广东省深圳市",
    "广东省广州市",
    "广东省东莞市",
    "浙江省杭州市",
    "浙江省宁波市",
    "上海市浦东新区",
    "江苏省苏州市",
    "北京市朝阳区",
    "湖南省长沙市",
    "福建省厦门市",
)


def chinese_name(rng: random.Random, gender: str) -> str:
    characters = MALE_NAME_CHARACTERS if gender == Gender.MALE else FEMALE_NAME_CHARACTERS
    given = rng.choice(characters)
    if rng.random() < 0.7:
        given += rng.choice(characters)
    return rng.choice(SURNAMES) + given


class PlaceNames:
    """Community place names, unique within a district while the combinations last."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def _fresh(self, draw) -> str:
        for _attempt in range(20):
            name = draw()
            if name not in self.used:
                self.used.add(name)
                return name
        name = draw() + str(len(self.used) + 1)
        self.used.add(name)
        return name

    def urban(self) -> str:
        """A name from the list while it lasts, then the same names with a direction (幸福东, 和平新 …)."""
        unused = [place for place in URBAN_PLACES if place not in self.used]
        if unused:
            place = self.rng.choice(unused)
            self.used.add(place)
            return place
        return self._fresh(lambda: self.rng.choice(URBAN_PLACES) + self.rng.choice("东西南北中新"))

    def village(self) -> str:
        return self._fresh(
            lambda: (
                self.rng.choice(SURNAMES)
                + ("家" if self.rng.random() < 0.5 else "")
                + self.rng.choice(VILLAGE_SUFFIXES)
            )
        )


_CHINESE_NUMERALS = "一二三四五六七八九十"


def chinese_ordinal(number: int) -> str:
    """1 → 一, 12 → 十二, 25 → 二十五 (up to 99; larger numbers stay in digits)."""
    if not 1 <= number <= 99:
        return str(number)
    tens, ones = divmod(number, 10)
    text = "" if tens == 0 else ("十" if tens == 1 else _CHINESE_NUMERALS[tens - 1] + "十")
    return text + (_CHINESE_NUMERALS[ones - 1] if ones else "")
