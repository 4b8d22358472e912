#!/usr/bin/env python3
"""Generate a large synthetic gongshi site for benchmarks.

    python3 scripts/gen-large-site.py [N] [OUTDIR]

N is the number of service items (default 10000); OUTDIR defaults to
`target/large-site`. The site has about N/25 windows, two staff per window (sharing
a few photos copied from the bundled example), the bundled example's rules, a few
notices and a page. Items vary in case type, fees, materials, steps and key language
(some use the Chinese keys, some are Markdown files), and all are valid per the format
in DESIGN.md. Python 3.11 standard library only; the output is deterministic (same N,
same bytes). OUTDIR must be absent, empty, or a folder this script made before (it
holds a `.gongshi-large-site` marker), which is then emptied first.
"""

from __future__ import annotations

import random
import shutil
import sys
from datetime import date, timedelta
from pathlib import Path

BUNDLED = Path(__file__).resolve().parent.parent / "content"
MARKER = ".gongshi-large-site"
SEED = 20260101

DEPARTMENTS = [
    ("市场监管", "青禾市市场监督管理局"),
    ("住房公积金", "青禾市住房公积金管理中心"),
    ("不动产登记", "青禾市不动产登记中心"),
    ("社会保险", "青禾市社会保险事业管理中心"),
    ("医疗保障", "青禾市医疗保障事务中心"),
    ("公安户政", "青禾市公安局人口管理支队"),
    ("交通运输", "青禾市交通运输局"),
    ("住房城乡建设", "青禾市住房和城乡建设局"),
    ("自然资源", "青禾市自然资源和规划局"),
    ("生态环境", "青禾市生态环境局"),
    ("卫生健康", "青禾市卫生健康委员会"),
    ("教育", "青禾市教育局"),
    ("民政", "青禾市民政局"),
    ("人力资源", "青禾市人力资源和社会保障局"),
    ("税务", "国家税务总局青禾市税务局"),
    ("文化旅游", "青禾市文化广电旅游局"),
]
OBJECTS = [
    "道路运输经营", "建筑工程施工", "城市排水", "公共场所卫生", "药品零售", "医疗器械经营",
    "旅行社业务经营", "娱乐场所经营", "出版物零售", "建设工程规划", "户外广告设置", "占用城市道路",
    "城市绿地占用", "二次供水", "民办学校办学", "养老机构", "殡葬设施建设", "劳务派遣经营",
    "人力资源服务", "排污许可", "危险废物经营", "特种设备使用", "燃气经营", "水路运输",
    "机动车维修经营", "网络预约出租汽车", "职业病诊断", "母婴保健技术服务", "护士执业",
    "医师执业", "教师资格", "林木采伐", "取水", "河道管理范围内建设项目", "放射诊疗",
]
ACTIONS = [
    ("许可（新办）", "行政许可", "promised"),
    ("许可（延续）", "行政许可", "promised"),
    ("许可（变更）", "行政许可", "promised"),
    ("许可（注销）", "行政许可", "immediate"),
    ("备案", "其他行政权力", "immediate"),
    ("登记", "行政确认", "promised"),
    ("证明出具", "公共服务", "immediate"),
    ("信息查询", "公共服务", "immediate"),
    ("补贴申领", "行政给付", "promised"),
]
LAWS = [
    "《中华人民共和国道路运输条例》第二十四条",
    "《中华人民共和国建筑法》第七条",
    "《城镇排水与污水处理条例》第二十一条",
    "《公共场所卫生管理条例》第八条",
    "《中华人民共和国药品管理法》第五十一条",
    "《医疗器械监督管理条例》第四十二条",
    "《旅行社条例》第六条",
    "《娱乐场所管理条例》第九条",
    "《中华人民共和国城乡规划法》第四十条",
    "《城市道路管理条例》第三十条",
    "《城市绿化条例》第十九条",
    "《中华人民共和国民办教育促进法》第十二条",
    "《中华人民共和国老年人权益保障法》第四十三条",
    "《特种设备安全监察条例》第二十五条",
    "《城镇燃气管理条例》第十五条",
    "《中华人民共和国社会保险法》第五十七条",
    "《住房公积金管理条例》第二十四条",
    "《不动产登记暂行条例》第二十条",
]
MATERIALS = [
    "申请书", "申请人身份证明", "营业执照", "法定代表人身份证明", "场所使用证明",
    "设施设备清单", "管理制度文本", "专业技术人员资格证明", "授权委托书", "原许可证件",
    "承诺书", "平面布置图", "安全评价报告", "检测报告", "合同文本",
]
STEP_NAMES = ["受理", "审查", "现场核查", "审核", "决定", "制证", "送达"]
ACTORS = ["窗口受理员", "审核岗", "业务科室", "分管负责人", "综合窗口"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红兰飞鑫波斌宇浩凯健俊帆帅旭宁琳晨欣怡佳悦雪婷倩颖"
POSTS = ["首席代表", "综合受理员", "审核员", "帮办代办员"]


def q(s: str) -> str:
    """A YAML double-quoted scalar."""
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


class Out:
    def __init__(self, root: Path):
        self.root = root

    def write(self, rel: str, text: str) -> None:
        p = self.root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        with open(p, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)


def prepare(outdir: Path) -> None:
    if outdir.exists():
        entries = list(outdir.iterdir())
        if entries and not (outdir / MARKER).exists():
            sys.exit(f"{outdir} is not empty and was not made by this script; refusing to touch it")
        for e in entries:
            if e.is_dir() and not e.is_symlink():
                shutil.rmtree(e)
            else:
                e.unlink()
    outdir.mkdir(parents=True, exist_ok=True)
    (outdir / MARKER).write_text("made by scripts/gen-large-site.py; safe to delete\n")


def bundled_files(kind: str, pattern: str) -> list[Path]:
    files = sorted((BUNDLED / kind).glob(pattern))
    if not files:
        sys.exit(f"no {kind}/{pattern} in {BUNDLED}: run from a gongshi checkout")
    return files


def fee_block(rng: random.Random, i: int, zh: bool) -> str:
    n = rng.randint(1, 2)
    lines = ["收费标准:" if zh else "fees:"]
    for k in range(n):
        if rng.random() < 0.25:
            lo = rng.choice([5, 10, 20, 50])
            amount = q(f"{lo}-{lo * rng.choice([3, 5, 10])}")
        else:
            amount = str(rng.choice([10, 20, 40, 80, 100, 150, 300, 550]))
        doc = (f"青禾市发展和改革委员会 青禾市财政局《关于核定行政事业性收费标准的通知》"
               f"（青发改价〔2025〕{(i * 7 + k) % 97 + 1}号）")
        if zh:
            lines += [f"  - 收费项目: 证照工本费（{k + 1}）", f"    金额: {amount}",
                      f"    单位: {rng.choice(['元/件', '元/证', '元/次'])}", f"    收费依据: {doc}"]
        else:
            lines += [f"  - name: 证照工本费（{k + 1}）", f"    amount: {amount}",
                      f"    unit: {rng.choice(['元/件', '元/证', '元/次'])}", f"    basis: {doc}"]
    return "\n".join(lines)


def item_text(rng: random.Random, i: int, window_id: str, forms: list[str], md: bool, zh: bool) -> str:
    action, kind, case_type = ACTIONS[i % len(ACTIONS)]
    obj = OBJECTS[(i + i // len(ACTIONS)) % len(OBJECTS)]
    name = f"{obj}{action}（第{i + 1}号）"
    code = f"QH-BENCH-{i + 1:06d}"
    immediate = case_type == "immediate"
    basis = [LAWS[i % len(LAWS)]]
    if kind == "行政许可" and rng.random() < 0.5:
        basis.insert(0, "《中华人民共和国行政许可法》第三十八条、第四十二条")
    updated = date(2026, 1, 1) + timedelta(days=rng.randrange(300))

    # time limits: steps first, then a promised limit that covers them, then a legal one
    n_steps = rng.randint(3, 4)
    steps = []
    total = 0
    for k in range(n_steps):
        if k == 0 or immediate:
            limit = "即办" if k < n_steps - 1 else "当场办结"
        else:
            days = rng.randint(1, 5)
            total += days
            limit = f"{days}个工作日"
        steps.append((STEP_NAMES[min(k, len(STEP_NAMES) - 1)] if k < n_steps - 1 else "送达",
                      ACTORS[(i + k) % len(ACTORS)], limit))
    if immediate:
        promised = "即办"
        legal = rng.choice([None, "3日", "5个工作日", "20日"])
    else:
        promised_days = total + rng.randint(0, 3)
        promised = f"{promised_days}个工作日"
        legal = rng.choice([f"{promised_days + rng.randint(0, 15)}个工作日", "20日", "30日",
                            f"{max(20, promised_days)}个工作日"])

    n_mat = rng.randint(3, 5)
    mats = []
    for k, m in enumerate(rng.sample(MATERIALS, n_mat)):
        mats.append({
            "name": m,
            "original": 1 if rng.random() < 0.8 else None,
            "copy": rng.choice([None, 1, 2]),
            "required": "委托他人办理的提供" if m == "授权委托书" else None,
            "blank": forms[(i + k) % len(forms)] if m == "申请书" else None,
            "note": "可通过部门信息共享核验的免于提交" if m == "营业执照" else None,
        })
        if mats[-1]["original"] is None and mats[-1]["copy"] is None:
            mats[-1]["copy"] = 1
    free = rng.random() < 0.7

    K = (lambda en, zhk: zhk) if zh else (lambda en, zhk: en)
    L = []
    L.append(f"{K('name', '事项名称')}: {name}")
    L.append(f"{K('code', '事项编码')}: {q(code)}")
    L.append(f"{K('kind', '事项类型')}: {kind}")
    L.append(f"{K('window', '窗口')}: {window_id}")
    if zh:
        L.append(f"办件类型: {'即办件' if immediate else '承诺件'}")
    else:
        L.append(f"case_type: {case_type}")
    L.append(f"{K('basis', '设定依据')}:")
    L += [f"  - {b}" for b in basis]
    if rng.random() < 0.5:
        L.append(f"{K('conditions', '受理条件')}: |")
        L.append(f"  **办理对象：**在青禾市辖区内申请{obj}{action}的公民、法人和其他组织。")
        L.append("")
        L.append("  - 申请材料齐全、符合法定形式；")
        L.append("  - 符合法律、法规规定的其他条件。")
    else:
        L.append(f"{K('conditions', '受理条件')}: 符合法律、法规规定条件的申请人。")
    L.append(f"{K('materials', '申请材料')}:")
    for m in mats:
        L.append(f"  - {K('name', '材料名称')}: {m['name']}")
        for key, zkey in (("original", "原件"), ("copy", "复印件"), ("required", "是否必需"),
                          ("blank", "空白表格"), ("note", "备注")):
            if m[key] is not None:
                L.append(f"    {K(key, zkey)}: {m[key]}")
    L.append(f"{K('procedure', '办理流程')}:")
    for sname, actor, limit in steps:
        L.append(f"  - {K('name', '名称')}: {sname}")
        L.append(f"    {K('actor', '承办人')}: {actor}")
        L.append(f"    {K('limit', '时限')}: {limit}")
    L.append(f"{K('time_limit', '办结时限')}:")
    if legal:
        L.append(f"  {K('legal', '法定')}: {legal}")
    L.append(f"  {K('promised', '承诺')}: {promised}")
    if free:
        L.append(f"{K('fees', '收费标准')}: 不收费")
    else:
        L.append(fee_block(rng, i, zh))
    L.append(f"{K('max_visits', '到现场次数')}: {rng.choice([1, 1, 1, 2])}")
    if rng.random() < 0.4:
        L.append(f"{K('online_url', '网上办理')}: https://zwfw.example.gov.cn/bench/{i + 1}/")
    L.append(f"{K('result', '办理结果')}: {'准予' + obj + action + '决定书' if kind == '行政许可' else obj + action + '结果告知书'}")
    if not zh and rng.random() < 0.2:
        L.append("faq:")
        L.append(f"  - q: {obj}{action}需要本人到场吗？")
        L.append("    a: 可以委托他人办理，受托人需携带授权委托书和本人身份证件。")
    L.append(f"{K('updated', '更新日期')}: {updated.isoformat()}")
    body = "\n".join(L) + "\n"
    if md:
        return (f"---\n{body}---\n\n## 温馨提示\n\n- 本事项第 {i + 1} 号，为基准测试生成的示例内容；\n"
                f"- 请提前准备**全部申请材料**，材料齐全的{'当场办结' if immediate else '按承诺时限办结'}。\n")
    return body


def main() -> int:
    args = sys.argv[1:]
    if args and args[0] in ("-h", "--help"):
        print(__doc__)
        return 0
    n = int(args[0]) if args else 10000
    outdir = Path(args[1]) if len(args) > 1 else Path("target/large-site")
    if n < 1:
        sys.exit("N must be at least 1")
    rng = random.Random(SEED)
    prepare(outdir)
    out = Out(outdir)
    content = outdir / "content"

    # shared assets copied from the bundled example
    photos = bundled_files("photos", "*.jpg")[:4]
    forms = bundled_files("forms", "*.pdf")[:3]
    rules = bundled_files("rules", "*.md")
    for sub, files in (("photos", photos), ("forms", forms), ("rules", rules)):
        (content / sub).mkdir(parents=True, exist_ok=True)
        for f in files:
            shutil.copyfile(f, content / sub / f.name)
    photo_paths = [f"photos/{f.name}" for f in photos]
    form_paths = [f"forms/{f.name}" for f in forms]
    rule_ids = [f.stem for f in rules]

    out.write("site.yaml", f"""# 基准测试用合成站点（scripts/gen-large-site.py 生成，{n} 个事项）
title: 青禾市政务服务中心（基准测试）
base_url: https://bench.example.gov.cn/zwfw/
language: zh-CN
center:
  address: 青禾市明德路 88 号市民服务中心
  hours: 周一至周五 上午 9:00—12:00，下午 13:30—17:00（法定节假日除外）
  phone: 0123-5566 0000
  complaint_phone: "12345"
print:
  profile: offset
  sheets:
    window_board: 600x900mm
    guide: A3
""")

    n_windows = max(1, round(n / 25))
    windows = []
    for w in range(n_windows):
        short, dept = DEPARTMENTS[w % len(DEPARTMENTS)]
        wid = f"window-{w + 1:04d}"
        windows.append(wid)
        chief = f"staff-{w + 1:04d}-a"
        zh = w % 5 == 4
        floor = w // 40 + 1
        hours = "" if w % 3 else "hours: 周一至周六 上午 9:00—12:00，下午 13:30—17:00\n"
        if zh:
            text = (f"窗口号: {q(str(w + 1))}\n窗口名称: {short}综合窗口（{w + 1}）\n实施主体: {dept}\n"
                    f"办理地点: 市民服务中心 {floor} 楼 {w + 1} 号窗口\n"
                    f"咨询电话: 0123-5566 {w % 10000:04d}\n监督投诉电话: 0123-5566 9{w % 1000:03d}\n"
                    f"首席代表: {chief}\n服务承诺:\n  - 一次性告知全部申请材料\n  - 承诺件在承诺时限内办结\n"
                    f"制度: [{', '.join(rule_ids)}]\n")
        else:
            text = (f"number: {q(str(w + 1))}\nname: {short}综合窗口（{w + 1}）\ndepartment: {dept}\n"
                    f"location: 市民服务中心 {floor} 楼 {w + 1} 号窗口\n{hours}"
                    f"phone: 0123-5566 {w % 10000:04d}\ncomplaint_phone: 0123-5566 9{w % 1000:03d}\n"
                    f"chief: {chief}\ncommitments:\n  - 一次性告知全部申请材料\n  - 承诺件在承诺时限内办结\n"
                    f"rules: [{', '.join(rule_ids)}]\n")
        out.write(f"content/windows/{wid}.yaml", text)

        for k, suffix in enumerate("ab"):
            sid = f"staff-{w + 1:04d}-{suffix}"
            name = SURNAMES[(w * 2 + k) % len(SURNAMES)] + GIVEN[(w * 7 + k * 3) % len(GIVEN)]
            if (w * 2 + k) % 3 == 0:
                name += GIVEN[(w * 11 + k) % len(GIVEN)]
            post = POSTS[0] if k == 0 else POSTS[1 + w % 3]
            party = "true" if (w + k) % 2 == 0 else "false"
            text = (f"name: {name}\nphoto: {photo_paths[(w * 2 + k) % len(photo_paths)]}\nwindow: {wid}\n"
                    f"post: {post}\nemployee_no: {q(f'B{w + 1:04d}{k + 1:02d}')}\n"
                    f"duties: {short}业务受理与咨询\nparty_member: {party}\n")
            if k == 0:
                text += "commitment: 一次告知，限时办结\n"
            out.write(f"content/staff/{sid}.yaml", text)

    for i in range(n):
        window_id = windows[i % n_windows]
        md = i % 10 == 9
        zh = i % 7 == 3
        text = item_text(rng, i, window_id, form_paths, md, zh)
        out.write(f"content/items/item-{i + 1:05d}.{'md' if md else 'yaml'}", text)

    for k in range(5):
        d = date(2026, 1, 5) + timedelta(days=37 * k)
        exp = f"expires: {(d + timedelta(days=30)).isoformat()}\n" if k % 2 else ""
        out.write(f"content/notices/bench-{k + 1}.md",
                  f"---\ntitle: 基准测试公告 {k + 1}\ndate: {d.isoformat()}\n{exp}---\n"
                  f"这是第 {k + 1} 条基准测试公告，用于衡量公告列表和订阅源的生成速度。\n")
    out.write("content/pages/about.md",
              "---\ntitle: 关于本站\norder: 1\n---\n本站点由 `scripts/gen-large-site.py` 生成，"
              "仅用于性能基准测试，内容均为虚构。\n")
    print(f"wrote {outdir}: {n} items, {n_windows} windows, {2 * n_windows} staff")
    return 0


if __name__ == "__main__":
    sys.exit(main())
