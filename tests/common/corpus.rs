//! The synthetic service center that tests and benchmarks share.
//!
//! One generator, three writers: [`Corpus::new`] draws N service items (about N/25 windows,
//! two staff per window, the five standard rules, a few notices and a page) from a fixed
//! seed, and [`Corpus::write_gongshi`], [`Corpus::write_zola`] and [`Corpus::write_hugo`]
//! write the same data as a gongshi site and as the equivalent Zola and Hugo sites, so the
//! peers in `scripts/bench.sh` build the same corpus (one page per item with the same title,
//! the same ~1.5 KB Chinese Markdown text, materials, procedure, limits and fees; one section
//! per window).
//!
//! Items vary in case type, fees, materials, steps, audience (服务对象) and topics (主题, from
//! the national lists) and key language (some use the Chinese
//! keys, every tenth is a Markdown file); all are valid. Output is deterministic: item `i`
//! is drawn from its own seed, so the same N gives the same bytes, and item `i` is the same
//! for every N except for the window it is filed under. A folder is written only when it is
//! absent, empty, or holds the [`MARKER`] file of an earlier run, which is then emptied.
//!
//! Tests use it as `common::corpus::generate(n_items, &dir)`; the command line is
//! `cargo run --release --example gen_site -- N DIR [--zola DIR2] [--hugo DIR3]`.

use std::fmt::Write as _;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

/// The file that marks a folder as written by this generator (and so safe to empty).
pub const MARKER: &str = ".gongshi-large-site";

const SEED: u64 = 20_260_101;

/// Writes the gongshi site of `n_items` items into `dir` (see the module doc for the rule
/// on existing folders).
pub fn generate(n_items: usize, dir: &Path) -> io::Result<Summary> {
    Corpus::new(n_items).write_gongshi(dir)
}

/// What a writer wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    /// Service items (one page each).
    pub items: usize,
    /// Windows (one section each for the peers).
    pub windows: usize,
    /// Staff members (gongshi only; zero for the peers).
    pub staff: usize,
    /// Files written, the marker included.
    pub files: usize,
}

/// The whole center, drawn once and written in any of the three formats.
pub struct Corpus {
    /// Windows in order; items refer to them by index.
    pub windows: Vec<WindowSpec>,
    /// Service items in order (`item-00001` first).
    pub items: Vec<ItemSpec>,
}

/// One window (窗口) and its two staff.
pub struct WindowSpec {
    /// File stem, `window-0001`.
    pub id: String,
    /// 窗口号.
    pub number: String,
    /// 窗口名称.
    pub name: String,
    /// Short name of the department (市场监管 …).
    pub short: &'static str,
    /// 实施主体.
    pub department: &'static str,
    /// 办理地点.
    pub location: String,
    /// 办理时间 when the window overrides the center's.
    pub hours: Option<&'static str>,
    /// 咨询电话.
    pub phone: String,
    /// 监督投诉电话.
    pub complaint_phone: String,
    /// Written with the Chinese keys.
    pub zh: bool,
    /// The two staff; the first is the chief representative.
    pub staff: [StaffSpec; 2],
}

/// One staff member (工作人员).
pub struct StaffSpec {
    /// File stem, `staff-0001-a`.
    pub id: String,
    /// 姓名.
    pub name: String,
    /// Index into the generated photos.
    pub photo: usize,
    /// 岗位.
    pub post: &'static str,
    /// 工号.
    pub employee_no: String,
    /// 党员.
    pub party_member: bool,
    /// 承诺 (the chief only).
    pub commitment: Option<&'static str>,
}

/// One service item (服务事项).
pub struct ItemSpec {
    /// File stem, `item-00001`.
    pub id: String,
    /// Index into [`Corpus::windows`].
    pub window: usize,
    /// A `.md` file (front matter and body) rather than `.yaml`.
    pub md: bool,
    /// Written with the Chinese keys.
    pub zh: bool,
    /// 事项名称 (the page title everywhere).
    pub name: String,
    /// 事项编码.
    pub code: String,
    /// 事项类型.
    pub kind: &'static str,
    /// 服务对象: `自然人`, `法人` or `自然人、法人`.
    pub audience: &'static str,
    /// 主题, from the national lists of its audience(s).
    pub topics: Vec<&'static str>,
    /// 即办件 rather than 承诺件.
    pub immediate: bool,
    /// 设定依据.
    pub basis: Vec<&'static str>,
    /// 受理条件: a short Markdown text.
    pub conditions: String,
    /// About 1.5 KB of Chinese Markdown: the body of a `.md` item, appended to the
    /// conditions of a `.yaml` one, and the body of the peers' page.
    pub prose: String,
    /// 申请材料.
    pub materials: Vec<MaterialSpec>,
    /// 办理流程: (name, actor, limit).
    pub steps: Vec<(&'static str, &'static str, String)>,
    /// 法定办结时限.
    pub legal: Option<String>,
    /// 承诺办结时限.
    pub promised: String,
    /// 收费标准; empty is 不收费.
    pub fees: Vec<FeeSpec>,
    /// 到现场次数.
    pub max_visits: u32,
    /// 网上办理.
    pub online_url: Option<String>,
    /// 办理结果.
    pub result: String,
    /// 常见问题 (question, answer), English-key items only.
    pub faq: Option<(String, &'static str)>,
    /// 更新日期, `YYYY-MM-DD`.
    pub updated: String,
    /// The facts of a published guide that only gongshi keys (issue 14), so a corpus the size
    /// of a center shows them at that size.
    pub guide: GuideFacts,
}

/// Facts a published guide states beyond the basics: another 实施机关 than the window's
/// department (a 综合受理 window), 通办范围 and 网上办理深度, portal fields with no key of
/// their own (`extra`), and a second, labelled phone. Written for gongshi only.
#[derive(Default)]
pub struct GuideFacts {
    /// 实施机关 when it is not the window's department.
    pub implementer: Option<&'static str>,
    /// 通办范围.
    pub scope: Option<&'static str>,
    /// 网上办理深度 (only with an online address, as the check wants).
    pub online_depth: Option<&'static str>,
    /// 其他信息: (label, text) in order.
    pub extra: Vec<(&'static str, String)>,
    /// 咨询电话 as labelled entries (the window's and the department's hotline).
    pub phones: Vec<(&'static str, &'static str)>,
}

/// One material (申请材料).
pub struct MaterialSpec {
    /// 材料名称.
    pub name: &'static str,
    /// 原件 count.
    pub original: Option<u32>,
    /// 复印件 count.
    pub copy: Option<u32>,
    /// 是否必需 as a condition text.
    pub required: Option<&'static str>,
    /// 空白表格: index into the generated forms.
    pub blank: Option<usize>,
    /// 备注.
    pub note: Option<&'static str>,
}

/// One fee (收费项目).
pub struct FeeSpec {
    /// 收费项目.
    pub name: String,
    /// 金额 as written (`40` or `10-50`).
    pub amount: String,
    /// 单位.
    pub unit: &'static str,
    /// 收费依据.
    pub basis: String,
}

const DEPARTMENTS: [(&str, &str); 16] = [
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
];
const OBJECTS: [&str; 35] = [
    "道路运输经营",
    "建筑工程施工",
    "城市排水",
    "公共场所卫生",
    "药品零售",
    "医疗器械经营",
    "旅行社业务经营",
    "娱乐场所经营",
    "出版物零售",
    "建设工程规划",
    "户外广告设置",
    "占用城市道路",
    "城市绿地占用",
    "二次供水",
    "民办学校办学",
    "养老机构",
    "殡葬设施建设",
    "劳务派遣经营",
    "人力资源服务",
    "排污许可",
    "危险废物经营",
    "特种设备使用",
    "燃气经营",
    "水路运输",
    "机动车维修经营",
    "网络预约出租汽车",
    "职业病诊断",
    "母婴保健技术服务",
    "护士执业",
    "医师执业",
    "教师资格",
    "林木采伐",
    "取水",
    "河道管理范围内建设项目",
    "放射诊疗",
];
/// (action, kind, immediate)
const ACTIONS: [(&str, &str, bool); 9] = [
    ("许可（新办）", "行政许可", false),
    ("许可（延续）", "行政许可", false),
    ("许可（变更）", "行政许可", false),
    ("许可（注销）", "行政许可", true),
    ("备案", "其他行政权力", true),
    ("登记", "行政确认", false),
    ("证明出具", "公共服务", true),
    ("信息查询", "公共服务", true),
    ("补贴申领", "行政给付", false),
];
const LAWS: [&str; 18] = [
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
];
const LICENSING_LAW: &str = "《中华人民共和国行政许可法》第三十八条、第四十二条";
const MATERIALS: [&str; 15] = [
    "申请书",
    "申请人身份证明",
    "营业执照",
    "法定代表人身份证明",
    "场所使用证明",
    "设施设备清单",
    "管理制度文本",
    "专业技术人员资格证明",
    "授权委托书",
    "原许可证件",
    "承诺书",
    "平面布置图",
    "安全评价报告",
    "检测报告",
    "合同文本",
];
const STEP_NAMES: [&str; 7] = ["受理", "审查", "现场核查", "审核", "决定", "制证", "送达"];
const ACTORS: [&str; 5] = ["窗口受理员", "审核岗", "业务科室", "分管负责人", "综合窗口"];
const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤";
const GIVEN: &str = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红兰飞鑫波斌宇浩凯健俊帆帅旭宁琳晨欣怡佳悦雪婷倩颖";
const POSTS: [&str; 4] = ["首席代表", "综合受理员", "审核员", "帮办代办员"];
const FEE_UNITS: [&str; 3] = ["元/件", "元/证", "元/次"];
/// (id, title, body): the five standard rules every window lists.
const RULES: [(&str, &str, &str); 5] = [
    (
        "first-inquiry",
        "首问负责制",
        "群众到窗口咨询或者办事时，首位接待的工作人员为**首问责任人**，应当场受理或者解答；不属于本窗口职责范围的，应告知办理部门、地点和联系电话。",
    ),
    (
        "one-time-notice",
        "一次性告知制",
        "窗口工作人员对群众申请办理的事项，应当**一次性告知**办理依据、申请条件、申请材料、办理流程、办结时限、收费标准和联系方式。",
    ),
    (
        "time-limit",
        "限时办结制",
        "即办件当场办结；承诺件在承诺时限内办结，因故不能按时办结的，应提前告知申请人并说明理由。",
    ),
    (
        "service-commitment",
        "服务承诺制",
        "各窗口公开服务承诺，接受群众监督；未履行承诺的，按照责任追究制处理。",
    ),
    (
        "accountability",
        "责任追究制",
        "窗口工作人员推诿、拖延群众办事，或者擅自增加申请材料、违规收费的，视情节轻重给予批评教育、通报批评、调离窗口岗位等处理。",
    ),
];
const PHOTOS: usize = 4;
const FORMS: usize = 3;
/// Sentences of the item text; `{o}` is the object, `{a}` the action, `{d}` the department.
const PROSE: [&str; 18] = [
    "本事项由{d}负责受理，申请人可以到市民服务中心综合窗口提交申请，也可以通过网上办事大厅在线申报。",
    "申请{o}{a}的，应当如实提交有关材料和反映真实情况，并对申请材料实质内容的真实性负责。",
    "窗口工作人员收到申请后，对申请材料齐全、符合法定形式的，当场予以受理并出具受理通知书。",
    "申请材料不齐全或者不符合法定形式的，窗口工作人员应当当场一次性告知申请人需要补正的全部内容。",
    "依法需要现场核查的，{d}将在受理后安排两名以上工作人员进行核查，并提前与申请人约定核查时间。",
    "办理过程中，申请人可以通过咨询电话或者网上办事大厅查询办理进度，也可以要求窗口工作人员说明理由。",
    "对符合条件的申请，依法作出准予{o}{a}的决定；对不符合条件的，书面说明理由并告知申请人享有的权利。",
    "办理结果可以选择窗口领取，也可以选择免费邮寄送达，邮寄地址以申请表中填写的地址为准。",
    "涉及公共利益的重大事项，{d}将向社会公告，并依法举行听证，听证期间不计入办结时限。",
    "申请人委托他人办理的，受托人应当提交授权委托书和本人有效身份证件，委托书应载明委托事项和权限。",
    "已通过部门信息共享获取的证照和材料，申请人无需重复提交，窗口工作人员在线核验后即可使用。",
    "申请人对办理结果有异议的，可以依法申请行政复议或者提起行政诉讼，也可以拨打监督投诉电话反映。",
    "本中心实行首问负责、一次性告知和限时办结制度，欢迎办事群众对窗口服务进行评价。",
    "老年人、残疾人等特殊群体办理{o}{a}的，可以预约上门服务或者由帮办代办人员全程协助办理。",
    "申请材料应当使用中文书写，外文材料须附中文译本，复印件应当清晰完整并注明与原件一致。",
    "{d}在办结后将办理结果同步推送至电子证照库，申请人可以在政务服务移动端查看和下载电子证照。",
    "因不可抗力或者申请人原因导致无法按期办结的，办理时限中止计算，相关情形消除后继续计算。",
    "本指南内容如与法律、法规和规章规定不一致的，以法律、法规和规章规定为准。",
];
/// The bold-labelled list of every item text: (label, sentence template).
const PROSE_LIST: [(&str, &str); 4] = [
    ("办理对象", "在青禾市辖区内申请{o}{a}的公民、法人和其他组织"),
    ("办理方式", "窗口办理、网上办理、邮寄办理任选其一"),
    ("进度查询", "拨打窗口咨询电话或者登录网上办事大厅查询"),
    ("结果送达", "窗口领取或者免费邮寄送达"),
];
const PROSE_BYTES: usize = 1500;

/// A small deterministic random source (SplitMix64): no dependency, same numbers everywhere.
struct Rng(u64);

impl Rng {
    fn new(seed: u64, stream: u64) -> Rng {
        let mut rng = Rng(seed ^ stream.wrapping_mul(0xA076_1D64_78BD_642F));
        rng.next();
        rng
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// A number in `lo..=hi`.
    fn range(&mut self, lo: u32, hi: u32) -> u32 {
        lo + self.below((hi - lo + 1) as usize) as u32
    }

    /// True with probability `p`.
    fn chance(&mut self, p: f64) -> bool {
        ((self.next() >> 11) as f64 / (1u64 << 53) as f64) < p
    }

    fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len())]
    }

    /// `k` distinct indices of `0..n` in random order.
    fn sample(&mut self, n: usize, k: usize) -> Vec<usize> {
        let mut all: Vec<usize> = (0..n).collect();
        for i in 0..k {
            let j = i + self.below(n - i);
            all.swap(i, j);
        }
        all.truncate(k);
        all
    }
}

impl Corpus {
    /// Draws a center with `n_items` items (at least one) and about `n_items / 25` windows.
    pub fn new(n_items: usize) -> Corpus {
        let n_items = n_items.max(1);
        let n_windows = ((n_items + 12) / 25).max(1);
        let windows = (0..n_windows).map(window_spec).collect();
        let items = (0..n_items)
            .into_par_iter()
            .map(|i| item_spec(i, i % n_windows))
            .collect();
        Corpus { windows, items }
    }

    /// Writes the gongshi site: site.yaml and content/ with windows, staff, items, rules,
    /// notices, a page, photos and forms.
    pub fn write_gongshi(&self, dir: &Path) -> io::Result<Summary> {
        let out = Out::prepare(dir)?;
        out.mkdirs(&[
            "content/windows",
            "content/staff",
            "content/items",
            "content/rules",
            "content/notices",
            "content/pages",
            "content/photos",
            "content/forms",
        ])?;
        let n = self.items.len();
        out.write(
            "site.yaml",
            format!(
                "# 基准测试用合成站点（cargo run --example gen_site 生成，{n} 个事项）
title: 青禾市政务服务中心（基准测试）
base_url: https://bench.example.gov.cn/zwfw/
language: zh-CN
center:
  address: 青禾市明德路 88 号市民服务中心
  hours: 周一至周五 上午 9:00—12:00，下午 13:30—17:00（法定节假日除外）
  phone: 0123-5566 0000
  complaint_phone: \"12345\"
print:
  profile: offset
  sheets:
    window_board: 600x900mm
    guide: A3
"
            ),
        )?;
        (0..PHOTOS).into_par_iter().try_for_each(|k| {
            out.write(
                &format!("content/photos/staff-{}.jpg", k + 1),
                photo_jpeg(k),
            )
        })?;
        for k in 0..FORMS {
            out.write(
                &format!("content/forms/form-{}.pdf", k + 1),
                blank_pdf(&format!("Application form {}", k + 1)),
            )?;
        }
        for (order, (id, title, body)) in RULES.iter().enumerate() {
            out.write(
                &format!("content/rules/{id}.md"),
                format!("---\ntitle: {title}\norder: {}\n---\n{body}\n", order + 1),
            )?;
        }
        self.windows.par_iter().try_for_each(|w| {
            out.write(&format!("content/windows/{}.yaml", w.id), window_yaml(w))?;
            for s in &w.staff {
                out.write(&format!("content/staff/{}.yaml", s.id), staff_yaml(s, w))?;
            }
            Ok::<_, io::Error>(())
        })?;
        self.items.par_iter().try_for_each(|item| {
            let ext = if item.md { "md" } else { "yaml" };
            let window = &self.windows[item.window].id;
            out.write(
                &format!("content/items/{}.{ext}", item.id),
                item_gongshi(item, window),
            )
        })?;
        for k in 0..5u32 {
            let date = day_after(2026, 4 + 37 * k);
            let expires = if k % 2 == 1 {
                format!("expires: {}\n", day_after(2026, 34 + 37 * k))
            } else {
                String::new()
            };
            out.write(
                &format!("content/notices/bench-{}.md", k + 1),
                format!(
                    "---\ntitle: 基准测试公告 {n}\ndate: {date}\n{expires}---\n这是第 {n} 条基准测试公告，用于衡量公告列表和订阅源的生成速度。\n",
                    n = k + 1
                ),
            )?;
        }
        out.write(
            "content/pages/about.md",
            "---\ntitle: 关于本站\norder: 1\n---\n本站点由 `cargo run --example gen_site` 生成，仅用于性能基准测试，内容均为虚构。\n",
        )?;
        Ok(Summary {
            items: n,
            windows: self.windows.len(),
            staff: self.windows.len() * 2,
            files: out.count(),
        })
    }

    /// Writes the equivalent Zola site: its config and minimal theme (tests/common/corpus/zola),
    /// one section per window and one page per item. Like Hugo's, it makes no search index:
    /// the peers build plain pages and a sitemap, gongshi also a search index, QR codes and
    /// flowcharts.
    pub fn write_zola(&self, dir: &Path) -> io::Result<Summary> {
        self.write_peer(dir, PeerFormat::Zola, ZOLA_THEME)
    }

    /// Writes the equivalent Hugo site: its config and minimal theme (tests/common/corpus/hugo),
    /// one section per window and one page per item.
    pub fn write_hugo(&self, dir: &Path) -> io::Result<Summary> {
        self.write_peer(dir, PeerFormat::Hugo, HUGO_THEME)
    }

    fn write_peer(
        &self,
        dir: &Path,
        format: PeerFormat,
        theme: &[(&str, &str)],
    ) -> io::Result<Summary> {
        let out = Out::prepare(dir)?;
        out.mkdirs(&["content"])?;
        for (rel, text) in theme {
            if let Some(parent) = Path::new(rel).parent() {
                out.mkdirs(&[&parent.to_string_lossy()])?;
            }
            out.write(rel, text)?;
        }
        out.write(
            "content/_index.md",
            "+++\ntitle = \"青禾市政务服务中心（基准测试）\"\n+++\n",
        )?;
        self.write_peer_pages(&out, format)?;
        Ok(Summary {
            items: self.items.len(),
            windows: self.windows.len(),
            staff: 0,
            files: out.count(),
        })
    }

    /// One folder per window with its `_index.md`, one Markdown page per item in it.
    fn write_peer_pages(&self, out: &Out, format: PeerFormat) -> io::Result<()> {
        self.windows.par_iter().enumerate().try_for_each(|(k, w)| {
            out.mkdirs(&[&format!("content/{}", w.id)])?;
            let mut text = String::new();
            text.push_str("+++\n");
            let _ = writeln!(text, "title = {}", toml_str(&w.name));
            let _ = writeln!(text, "weight = {}", k + 1);
            if format == PeerFormat::Zola {
                text.push_str("sort_by = \"weight\"\n");
            }
            text.push_str("+++\n");
            let _ = writeln!(
                text,
                "{}窗口，实施主体：{}。办理地点：{}。咨询电话：{}；监督投诉电话：{}。",
                w.number, w.department, w.location, w.phone, w.complaint_phone
            );
            out.write(&format!("content/{}/_index.md", w.id), text)
        })?;
        self.items.par_iter().enumerate().try_for_each(|(k, item)| {
            let window = &self.windows[item.window];
            out.write(
                &format!("content/{}/{}.md", window.id, item.id),
                item_peer(item, window, k + 1),
            )
        })
    }
}

/// Zola's config and templates: (path in the site, text).
const ZOLA_THEME: &[(&str, &str)] = &[
    ("config.toml", include_str!("corpus/zola/config.toml")),
    (
        "templates/base.html",
        include_str!("corpus/zola/templates/base.html"),
    ),
    (
        "templates/index.html",
        include_str!("corpus/zola/templates/index.html"),
    ),
    (
        "templates/section.html",
        include_str!("corpus/zola/templates/section.html"),
    ),
    (
        "templates/page.html",
        include_str!("corpus/zola/templates/page.html"),
    ),
];

/// Hugo's config and layouts: (path in the site, text).
const HUGO_THEME: &[(&str, &str)] = &[
    ("hugo.toml", include_str!("corpus/hugo/hugo.toml")),
    (
        "layouts/baseof.html",
        include_str!("corpus/hugo/layouts/baseof.html"),
    ),
    (
        "layouts/home.html",
        include_str!("corpus/hugo/layouts/home.html"),
    ),
    (
        "layouts/section.html",
        include_str!("corpus/hugo/layouts/section.html"),
    ),
    (
        "layouts/page.html",
        include_str!("corpus/hugo/layouts/page.html"),
    ),
];

#[derive(Clone, Copy, PartialEq, Eq)]
enum PeerFormat {
    Zola,
    Hugo,
}

fn window_spec(w: usize) -> WindowSpec {
    let (short, department) = DEPARTMENTS[w % DEPARTMENTS.len()];
    let surnames: Vec<char> = SURNAMES.chars().collect();
    let given: Vec<char> = GIVEN.chars().collect();
    let staff = [0usize, 1].map(|k| {
        let mut name = String::new();
        name.push(surnames[(w * 2 + k) % surnames.len()]);
        name.push(given[(w * 7 + k * 3) % given.len()]);
        if (w * 2 + k).is_multiple_of(3) {
            name.push(given[(w * 11 + k) % given.len()]);
        }
        StaffSpec {
            id: format!("staff-{:04}-{}", w + 1, ['a', 'b'][k]),
            name,
            photo: (w * 2 + k) % PHOTOS,
            post: if k == 0 { POSTS[0] } else { POSTS[1 + w % 3] },
            employee_no: format!("B{:04}{:02}", w + 1, k + 1),
            party_member: (w + k).is_multiple_of(2),
            commitment: (k == 0).then_some("一次告知，限时办结"),
        }
    });
    WindowSpec {
        id: format!("window-{:04}", w + 1),
        number: (w + 1).to_string(),
        name: format!("{short}综合窗口（{}）", w + 1),
        short,
        department,
        location: format!("市民服务中心 {} 楼 {} 号窗口", w / 40 + 1, w + 1),
        hours: w
            .is_multiple_of(3)
            .then_some("周一至周六 上午 9:00—12:00，下午 13:30—17:00"),
        phone: format!("0123-5566 {:04}", w % 10000),
        complaint_phone: format!("0123-5566 9{:03}", w % 1000),
        zh: w % 5 == 4,
        staff,
    }
}

fn item_spec(i: usize, window: usize) -> ItemSpec {
    let mut rng = Rng::new(SEED, i as u64);
    let (action, kind, immediate) = ACTIONS[i % ACTIONS.len()];
    let obj = OBJECTS[(i + i / ACTIONS.len()) % OBJECTS.len()];
    let (audience, topics) = audience_and_topics(i);
    let department = DEPARTMENTS[window % DEPARTMENTS.len()].1;
    let mut basis = vec![LAWS[i % LAWS.len()]];
    if kind == "行政许可" && rng.chance(0.5) {
        basis.insert(0, LICENSING_LAW);
    }
    let updated = day_after(2026, rng.below(300) as u32);

    // Steps first, then a promised limit that covers them, then a legal one.
    let n_steps = rng.range(3, 4) as usize;
    let mut total = 0;
    let steps = (0..n_steps)
        .map(|k| {
            let last = k == n_steps - 1;
            let limit = if k == 0 || immediate {
                if last { "当场办结" } else { "即办" }.to_string()
            } else {
                let days = rng.range(1, 5);
                total += days;
                format!("{days}个工作日")
            };
            let name = if last { "送达" } else { STEP_NAMES[k] };
            (name, ACTORS[(i + k) % ACTORS.len()], limit)
        })
        .collect();
    let (promised, legal) = if immediate {
        let legal = [None, Some("3日"), Some("5个工作日"), Some("20日")][rng.below(4)];
        ("即办".to_string(), legal.map(str::to_string))
    } else {
        let days = total + rng.range(0, 3);
        let legal = match rng.below(4) {
            0 => format!("{}个工作日", days + rng.range(0, 15)),
            1 => "20日".to_string(),
            2 => "30日".to_string(),
            _ => format!("{}个工作日", days.max(20)),
        };
        (format!("{days}个工作日"), Some(legal))
    };

    let n_materials = rng.range(3, 5) as usize;
    let materials = rng
        .sample(MATERIALS.len(), n_materials)
        .into_iter()
        .enumerate()
        .map(|(k, m)| {
            let name = MATERIALS[m];
            let original = rng.chance(0.8).then_some(1);
            let mut copy = [None, Some(1), Some(2)][rng.below(3)];
            if original.is_none() && copy.is_none() {
                copy = Some(1);
            }
            MaterialSpec {
                name,
                original,
                copy,
                required: (name == "授权委托书").then_some("委托他人办理的提供"),
                blank: (name == "申请书").then_some((i + k) % FORMS),
                note: (name == "营业执照").then_some("可通过部门信息共享核验的免于提交"),
            }
        })
        .collect();
    let free = rng.chance(0.7);
    let fees = if free {
        Vec::new()
    } else {
        (0..rng.range(1, 2) as usize)
            .map(|k| {
                let amount = if rng.chance(0.25) {
                    let lo = rng.pick(&[5, 10, 20, 50]);
                    format!("{lo}-{}", lo * rng.pick(&[3, 5, 10]))
                } else {
                    rng.pick(&[10, 20, 40, 80, 100, 150, 300, 550]).to_string()
                };
                FeeSpec {
                    name: format!("证照工本费（{}）", k + 1),
                    amount,
                    unit: rng.pick(&FEE_UNITS),
                    basis: format!(
                        "青禾市发展和改革委员会 青禾市财政局《关于核定行政事业性收费标准的通知》（青发改价〔2025〕{}号）",
                        (i * 7 + k) % 97 + 1
                    ),
                }
            })
            .collect()
    };
    let conditions = if rng.chance(0.5) {
        format!(
            "**办理对象**：在青禾市辖区内申请{obj}{action}的公民、法人和其他组织。\n\n- 申请材料齐全、符合法定形式；\n- 符合法律、法规规定的其他条件。"
        )
    } else {
        "符合法律、法规规定条件的申请人。".to_string()
    };
    let max_visits = rng.pick(&[1, 1, 1, 2]);
    let online_url = rng
        .chance(0.4)
        .then(|| format!("https://zwfw.example.gov.cn/bench/{}/", i + 1));
    let result = if kind == "行政许可" {
        format!("准予{obj}{action}决定书")
    } else {
        format!("{obj}{action}结果告知书")
    };
    let zh = i % 7 == 3;
    let faq = (!zh && rng.chance(0.2)).then(|| {
        (
            format!("{obj}{action}需要本人到场吗？"),
            "可以委托他人办理，受托人需携带授权委托书和本人身份证件。",
        )
    });
    let prose = prose(&mut rng, obj, action, department, i, immediate);
    let guide = GuideFacts {
        implementer: (i % 5 == 2).then(|| DEPARTMENTS[(window + 1) % DEPARTMENTS.len()].1),
        scope: (i % 4 == 1).then(|| ["全市通办", "全省通办", "跨省通办"][i % 3]),
        online_depth: online_url
            .as_ref()
            .map(|_| ["Ⅲ级（互联网预审）", "Ⅱ级（互联网收件）"][i % 2]),
        extra: if i.is_multiple_of(3) {
            vec![
                ("行使层级", "市级".to_string()),
                ("权力来源", "法定本级行使".to_string()),
                ("事项版本", format!("{}", 1 + i % 4)),
                ("认证等级需求", "实名认证".to_string()),
            ]
        } else {
            Vec::new()
        },
        phones: if i % 11 == 4 {
            vec![("窗口", "0571-8800 1234"), ("部门服务热线", "12345")]
        } else {
            Vec::new()
        },
    };
    ItemSpec {
        id: format!("item-{:05}", i + 1),
        window,
        md: i % 10 == 9,
        zh,
        name: format!("{obj}{action}（第{}号）", i + 1),
        code: format!("QH-BENCH-{:06}", i + 1),
        kind,
        audience,
        topics,
        immediate,
        basis,
        conditions,
        prose,
        materials,
        steps,
        legal,
        promised,
        fees,
        max_visits,
        online_url,
        result,
        faq,
        updated,
        guide,
    }
}

/// Objects whose licences are held by people rather than organisations.
const PERSONAL: [&str; 4] = ["护士执业", "医师执业", "教师资格", "职业病诊断"];

/// Whom item `i` serves and its topics: certificates and queries serve both audiences,
/// subsidies and professional licences people, other licences organisations. Topics are
/// spread over the national lists of the audience (without 其他), every third item with a
/// second topic.
fn audience_and_topics(i: usize) -> (&'static str, Vec<&'static str>) {
    use gongshi::content::topics::{NATIONAL_LEGAL_PERSON, NATIONAL_PERSON};
    let action = i % ACTIONS.len();
    let object = (i + i / ACTIONS.len()) % OBJECTS.len();
    let pick = |list: &'static [&'static str], k: usize| list[k % (list.len() - 1)];
    let spread = object * 5 + action;
    match ACTIONS[action].0 {
        "证明出具" | "信息查询" => (
            "自然人、法人",
            vec![
                pick(NATIONAL_PERSON, spread),
                pick(NATIONAL_LEGAL_PERSON, spread),
            ],
        ),
        _ => {
            let person = ACTIONS[action].0 == "补贴申领" || PERSONAL.contains(&OBJECTS[object]);
            let (audience, list) = if person {
                ("自然人", NATIONAL_PERSON)
            } else {
                ("法人", NATIONAL_LEGAL_PERSON)
            };
            let mut topics = vec![pick(list, spread)];
            if i.is_multiple_of(3) {
                let second = pick(list, spread + 7);
                if second != topics[0] {
                    topics.push(second);
                }
            }
            (audience, topics)
        }
    }
}

/// About [`PROSE_BYTES`] of Chinese Markdown: paragraphs of sentences drawn from
/// [`PROSE`], a bold-labelled list and a closing tip, without headings (it is also part
/// of a `conditions` text, which sits under the page's own heading).
fn prose(rng: &mut Rng, obj: &str, action: &str, dept: &str, i: usize, immediate: bool) -> String {
    let fill = |t: &str| {
        t.replace("{o}", obj)
            .replace("{a}", action)
            .replace("{d}", dept)
    };
    let mut text = String::with_capacity(PROSE_BYTES + 400);
    let order = rng.sample(PROSE.len(), PROSE.len());
    let mut next = order.into_iter();
    let mut sentences_in_paragraph = 0;
    let mut list_done = false;
    while text.len() < PROSE_BYTES {
        let Some(k) = next.next() else { break };
        text.push_str(&fill(PROSE[k]));
        sentences_in_paragraph += 1;
        if sentences_in_paragraph == 3 {
            text.push_str("\n\n");
            sentences_in_paragraph = 0;
            if !list_done {
                for (label, item) in PROSE_LIST {
                    let _ = writeln!(text, "- **{label}**：{}；", fill(item));
                }
                text.push('\n');
                list_done = true;
            }
        }
    }
    if !text.ends_with("\n\n") {
        text.push_str("\n\n");
    }
    let _ = write!(
        text,
        "温馨提示：本事项第 {} 号为基准测试生成的示例内容，请提前准备**全部申请材料**，材料齐全的{}。",
        i + 1,
        if immediate {
            "当场办结"
        } else {
            "按承诺时限办结"
        }
    );
    text
}

/// A YAML double-quoted scalar.
fn q(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// A TOML basic string.
fn toml_str(s: &str) -> String {
    q(s)
}

fn window_yaml(w: &WindowSpec) -> String {
    let chief = &w.staff[0].id;
    let rules = RULES.map(|r| r.0).join(", ");
    let mut t = String::with_capacity(600);
    if w.zh {
        let _ = write!(
            t,
            "窗口号: {}\n窗口名称: {}\n实施主体: {}\n办理地点: {}\n",
            q(&w.number),
            w.name,
            w.department,
            w.location
        );
        if let Some(hours) = w.hours {
            let _ = writeln!(t, "办理时间: {hours}");
        }
        let _ = write!(
            t,
            "咨询电话: {}\n监督投诉电话: {}\n首席代表: {chief}\n服务承诺:\n  - 一次性告知全部申请材料\n  - 承诺件在承诺时限内办结\n制度: [{rules}]\n",
            w.phone, w.complaint_phone
        );
    } else {
        let _ = write!(
            t,
            "number: {}\nname: {}\ndepartment: {}\nlocation: {}\n",
            q(&w.number),
            w.name,
            w.department,
            w.location
        );
        if let Some(hours) = w.hours {
            let _ = writeln!(t, "hours: {hours}");
        }
        let _ = write!(
            t,
            "phone: {}\ncomplaint_phone: {}\nchief: {chief}\ncommitments:\n  - 一次性告知全部申请材料\n  - 承诺件在承诺时限内办结\nrules: [{rules}]\n",
            w.phone, w.complaint_phone
        );
    }
    t
}

fn staff_yaml(s: &StaffSpec, w: &WindowSpec) -> String {
    let mut t = format!(
        "name: {}\nphoto: photos/staff-{}.jpg\nwindow: {}\npost: {}\nemployee_no: {}\nduties: {}业务受理与咨询\nparty_member: {}\n",
        s.name,
        s.photo + 1,
        w.id,
        s.post,
        q(&s.employee_no),
        w.short,
        s.party_member
    );
    if let Some(c) = s.commitment {
        let _ = writeln!(t, "commitment: {c}");
    }
    t
}

/// Appends `text` as a YAML literal block (`|`) indented by two spaces.
fn push_block(t: &mut String, text: &str) {
    for line in text.lines() {
        if line.is_empty() {
            t.push('\n');
        } else {
            let _ = writeln!(t, "  {line}");
        }
    }
}

fn item_gongshi(item: &ItemSpec, window: &str) -> String {
    let k = |en: &'static str, zh: &'static str| if item.zh { zh } else { en };
    let mut t = String::with_capacity(4096);
    let _ = writeln!(t, "{}: {}", k("name", "事项名称"), item.name);
    let _ = writeln!(t, "{}: {}", k("code", "事项编码"), q(&item.code));
    let _ = writeln!(t, "{}: {}", k("kind", "事项类型"), item.kind);
    let _ = writeln!(t, "{}: {}", k("audience", "服务对象"), item.audience);
    let _ = writeln!(t, "{}: [{}]", k("topics", "主题"), item.topics.join(", "));
    let _ = writeln!(t, "{}: {window}", k("window", "窗口"));
    if item.zh {
        let _ = writeln!(
            t,
            "办件类型: {}",
            if item.immediate {
                "即办件"
            } else {
                "承诺件"
            }
        );
    } else {
        let _ = writeln!(
            t,
            "case_type: {}",
            if item.immediate {
                "immediate"
            } else {
                "promised"
            }
        );
    }
    let _ = writeln!(t, "{}:", k("basis", "设定依据"));
    for b in &item.basis {
        let _ = writeln!(t, "  - {b}");
    }
    let _ = writeln!(t, "{}: |", k("conditions", "受理条件"));
    push_block(&mut t, &item.conditions);
    if !item.md {
        t.push('\n');
        push_block(&mut t, &item.prose);
    }
    let _ = writeln!(t, "{}:", k("materials", "申请材料"));
    for m in &item.materials {
        let _ = writeln!(t, "  - {}: {}", k("name", "材料名称"), m.name);
        if let Some(n) = m.original {
            let _ = writeln!(t, "    {}: {n}", k("original", "原件"));
        }
        if let Some(n) = m.copy {
            let _ = writeln!(t, "    {}: {n}", k("copy", "复印件"));
        }
        if let Some(r) = m.required {
            let _ = writeln!(t, "    {}: {r}", k("required", "是否必需"));
        }
        if let Some(f) = m.blank {
            let _ = writeln!(
                t,
                "    {}: forms/form-{}.pdf",
                k("blank", "空白表格"),
                f + 1
            );
        }
        if let Some(n) = m.note {
            let _ = writeln!(t, "    {}: {n}", k("note", "备注"));
        }
    }
    let _ = writeln!(t, "{}:", k("procedure", "办理流程"));
    for (name, actor, limit) in &item.steps {
        let _ = writeln!(t, "  - {}: {name}", k("name", "名称"));
        let _ = writeln!(t, "    {}: {actor}", k("actor", "承办人"));
        let _ = writeln!(t, "    {}: {limit}", k("limit", "时限"));
    }
    let _ = writeln!(t, "{}:", k("time_limit", "办结时限"));
    if let Some(legal) = &item.legal {
        let _ = writeln!(t, "  {}: {legal}", k("legal", "法定"));
    }
    let _ = writeln!(t, "  {}: {}", k("promised", "承诺"), item.promised);
    if item.fees.is_empty() {
        let _ = writeln!(t, "{}: 不收费", k("fees", "收费标准"));
    } else {
        let _ = writeln!(t, "{}:", k("fees", "收费标准"));
        for f in &item.fees {
            let amount = if f.amount.contains('-') {
                q(&f.amount)
            } else {
                f.amount.clone()
            };
            let _ = writeln!(t, "  - {}: {}", k("name", "收费项目"), f.name);
            let _ = writeln!(t, "    {}: {amount}", k("amount", "金额"));
            let _ = writeln!(t, "    {}: {}", k("unit", "单位"), f.unit);
            let _ = writeln!(t, "    {}: {}", k("basis", "收费依据"), f.basis);
        }
    }
    let _ = writeln!(t, "{}: {}", k("max_visits", "到现场次数"), item.max_visits);
    if let Some(url) = &item.online_url {
        let _ = writeln!(t, "{}: {url}", k("online_url", "网上办理"));
    }
    let _ = writeln!(t, "{}: {}", k("result", "办理结果"), item.result);
    if let Some((question, answer)) = &item.faq {
        let _ = write!(t, "faq:\n  - q: {question}\n    a: {answer}\n");
    }
    guide_facts(&mut t, &item.guide, item.zh);
    let _ = writeln!(t, "{}: {}", k("updated", "更新日期"), item.updated);
    if item.md {
        format!("---\n{t}---\n\n{}\n", item.prose)
    } else {
        t
    }
}

/// The [`GuideFacts`] of an item, in its key language.
fn guide_facts(t: &mut String, g: &GuideFacts, zh: bool) {
    let k = |en: &'static str, cn: &'static str| if zh { cn } else { en };
    if let Some(v) = g.implementer {
        let _ = writeln!(t, "{}: {v}", k("implementer", "实施机关"));
    }
    if let Some(v) = g.scope {
        let _ = writeln!(t, "{}: {v}", k("scope", "通办范围"));
    }
    if let Some(v) = g.online_depth {
        let _ = writeln!(t, "{}: {v}", k("online_depth", "网上办理深度"));
    }
    if !g.extra.is_empty() {
        let _ = writeln!(t, "{}:", k("extra", "其他信息"));
        for (label, text) in &g.extra {
            let _ = writeln!(t, "  {label}: {}", q(text));
        }
    }
    if !g.phones.is_empty() {
        let _ = writeln!(t, "{}:", k("phone", "咨询电话"));
        for (label, text) in &g.phones {
            let _ = writeln!(
                t,
                "  - {}: {label}\n    {}: {}",
                k("label", "名称"),
                k("text", "内容"),
                q(text)
            );
        }
    }
}

/// A Markdown cell: no pipes or line breaks.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

fn count(n: Option<u32>) -> String {
    n.map_or_else(|| "—".to_string(), |n| n.to_string())
}

/// The peers' page of an item: TOML front matter, the item text, then the guide's facts
/// (conditions, materials table, procedure, limits, fee table) as Markdown.
fn item_peer(item: &ItemSpec, window: &WindowSpec, weight: usize) -> String {
    let mut t = String::with_capacity(6144);
    t.push_str("+++\n");
    let _ = writeln!(t, "title = {}", toml_str(&item.name));
    let _ = writeln!(t, "date = {}", item.updated);
    let _ = writeln!(t, "weight = {weight}");
    t.push_str("+++\n");
    let _ = writeln!(t, "{}\n", item.prose);
    let _ = writeln!(
        t,
        "事项编码：{}；事项类型：{}；办件类型：{}；实施主体：{}。\n",
        item.code,
        item.kind,
        if item.immediate {
            "即办件"
        } else {
            "承诺件"
        },
        window.department
    );
    t.push_str("## 受理条件\n\n");
    let _ = writeln!(t, "{}\n", item.conditions);
    t.push_str("## 设定依据\n\n");
    for b in &item.basis {
        let _ = writeln!(t, "- {b}");
    }
    t.push_str("\n## 申请材料\n\n| 序号 | 材料名称 | 原件 | 复印件 | 是否必需 | 备注 |\n| --- | --- | --- | --- | --- | --- |\n");
    for (k, m) in item.materials.iter().enumerate() {
        let blank = m
            .blank
            .map(|f| format!("[空白表格](/forms/form-{}.pdf)", f + 1));
        let note = [m.note.map(str::to_string), blank]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join("；");
        let _ = writeln!(
            t,
            "| {} | {} | {} | {} | {} | {} |",
            k + 1,
            cell(m.name),
            count(m.original),
            count(m.copy),
            cell(m.required.unwrap_or("是")),
            cell(&note)
        );
    }
    t.push_str("\n## 办理流程\n\n");
    for (k, (name, actor, limit)) in item.steps.iter().enumerate() {
        let _ = writeln!(t, "{}. **{name}**（{actor}，{limit}）", k + 1);
    }
    t.push_str("\n## 办结时限\n\n");
    let _ = writeln!(
        t,
        "- 法定办结时限：{}",
        item.legal.as_deref().unwrap_or("—")
    );
    let _ = writeln!(t, "- 承诺办结时限：{}", item.promised);
    let _ = writeln!(t, "- 到现场次数：{} 次", item.max_visits);
    t.push_str("\n## 收费标准\n\n");
    if item.fees.is_empty() {
        t.push_str("不收费\n");
    } else {
        t.push_str("| 收费项目 | 金额（元） | 单位 | 收费依据 |\n| --- | --- | --- | --- |\n");
        for f in &item.fees {
            let _ = writeln!(
                t,
                "| {} | {} | {} | {} |",
                cell(&f.name),
                cell(&f.amount),
                f.unit,
                cell(&f.basis)
            );
        }
    }
    let _ = writeln!(t, "\n## 办理结果\n\n{}", item.result);
    if let Some(url) = &item.online_url {
        let _ = writeln!(t, "\n[网上办理]({url})");
    }
    if let Some((question, answer)) = &item.faq {
        let _ = writeln!(t, "\n## 常见问题\n\n**{question}**\n\n{answer}");
    }
    t
}

/// `days` days after 1 January of `year`, as `YYYY-MM-DD`.
fn day_after(year: i32, days: u32) -> String {
    let (mut y, mut d) = (year, days);
    loop {
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        let len = if leap { 366 } else { 365 };
        if d < len {
            let months = [
                31,
                if leap { 29 } else { 28 },
                31,
                30,
                31,
                30,
                31,
                31,
                30,
                31,
                30,
                31,
            ];
            let mut m = 0;
            while d >= months[m] {
                d -= months[m];
                m += 1;
            }
            return format!("{y:04}-{:02}-{:02}", m + 1, d + 1);
        }
        d -= len;
        y += 1;
    }
}

/// A 600×800 staff photo: a head and shoulders on a coloured background (JPEG).
fn photo_jpeg(k: usize) -> Vec<u8> {
    const BACKGROUNDS: [[u8; 3]; PHOTOS] = [
        [67, 142, 219],
        [230, 230, 230],
        [190, 40, 40],
        [70, 150, 110],
    ];
    let (w, h) = (600u32, 800u32);
    let background = BACKGROUNDS[k % PHOTOS];
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        let (fx, fy) = (x as f32, y as f32);
        let head = ((fx - 300.0) / 150.0).powi(2) + ((fy - 330.0) / 190.0).powi(2) <= 1.0;
        let shoulders = ((fx - 300.0) / 290.0).powi(2) + ((fy - 860.0) / 320.0).powi(2) <= 1.0;
        if head {
            image::Rgb([236, 200, 170])
        } else if shoulders {
            image::Rgb([35, 45, 70])
        } else {
            let shade = (y * 24 / h) as u8;
            image::Rgb(background.map(|c| c.saturating_sub(shade)))
        }
    });
    let mut out = io::Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut out, image::ImageFormat::Jpeg)
        .expect("encoding a JPEG into memory cannot fail");
    out.into_inner()
}

/// A valid one-page A4 PDF with one line of text (a blank form to download).
fn blank_pdf(title: &str) -> Vec<u8> {
    let stream = format!("BT /F1 18 Tf 72 770 Td ({title}) Tj ET");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_string(),
        format!("<< /Length {} >>\nstream\n{stream}\nendstream", stream.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_string(),
    ];
    let mut pdf = String::from("%PDF-1.4\n");
    let mut offsets = Vec::new();
    for (k, body) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        let _ = write!(pdf, "{} 0 obj\n{body}\nendobj\n", k + 1);
    }
    let xref = pdf.len();
    let _ = write!(pdf, "xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1);
    for offset in offsets {
        let _ = writeln!(pdf, "{offset:010} 00000 n ");
    }
    let _ = write!(
        pdf,
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    );
    pdf.into_bytes()
}

/// A folder being written: relative paths, a file count.
struct Out {
    root: PathBuf,
    files: std::sync::atomic::AtomicUsize,
}

impl Out {
    /// Refuses a non-empty folder without the marker; empties one with it; writes the marker.
    fn prepare(dir: &Path) -> io::Result<Out> {
        if dir.exists() {
            let entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
            if !entries.is_empty() && !dir.join(MARKER).exists() {
                return Err(io::Error::other(format!(
                    "{} is not empty and was not made by this generator; refusing to touch it",
                    dir.display()
                )));
            }
            entries.par_iter().try_for_each(|e| {
                let path = e.path();
                if e.file_type()?.is_dir() {
                    std::fs::remove_dir_all(path)
                } else {
                    std::fs::remove_file(path)
                }
            })?;
        }
        std::fs::create_dir_all(dir)?;
        let out = Out {
            root: dir.to_path_buf(),
            files: Default::default(),
        };
        out.write(
            MARKER,
            "made by the gongshi corpus generator (tests/common/corpus.rs); safe to delete\n",
        )?;
        Ok(out)
    }

    fn mkdirs(&self, rels: &[&str]) -> io::Result<()> {
        for rel in rels {
            std::fs::create_dir_all(self.root.join(rel))?;
        }
        Ok(())
    }

    /// Writes one file; its folder must exist.
    fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) -> io::Result<()> {
        std::fs::write(self.root.join(rel), bytes)?;
        self.files
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Ok(())
    }

    fn count(&self) -> usize {
        self.files.load(std::sync::atomic::Ordering::Relaxed)
    }
}
