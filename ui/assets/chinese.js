/* Translate Streamlit 1.67.0's own English (text, tooltips, aria-labels) to Simplified Chinese in the page.
   Injected once per browser tab by fixes.apply() through st.html(..., unsafe_allow_javascript=True), which runs
   it in the app's own document (not an iframe). It only rewrites text-node values and attribute values, never
   adds or removes nodes, so React keeps working: when React re-renders a string, the observer translates it again.
   Keys are Streamlit's exact strings: when an upgrade changes one, english_finder.py reports it. */
(() => {
  if (window.__stZhTranslator) return;
  window.__stZhTranslator = true;
  document.documentElement.lang = "zh-CN";

  const EXACT = {
    // 1. running / connection
    "Stop": "停止", "Running...": "正在运行……", "Connecting": "正在连接",
    "Connecting to Streamlit server": "正在连接服务器", "Unable to connect to Streamlit server": "无法连接服务器",
    "Connection error": "连接错误", "Streamlit server is not responding. Are you connected to the internet?": "服务器没有响应，请检查网络后刷新页面。",
    "Connection lost. Please wait for the app to reconnect, then try again.": "连接已断开，请等待重新连接后再试。",
    "Please wait...": "请稍候……", "Rerun": "重新运行", "Error": "错误",
    // 2. main menu (only if toolbarMode is not "minimal") and header
    "Main menu": "主菜单", "Print": "打印", "Record screen": "录屏", "Record a screencast": "录制屏幕",
    "System": "跟随系统", "Light": "浅色", "Dark": "深色", "Theme": "主题", "Made with Streamlit v": "Streamlit v",
    "Copy version to clipboard": "复制版本号", "About": "关于", "Clear cache": "清除缓存", "Settings": "设置",
    "Get help": "获取帮助", "Report a bug": "报告问题",
    "Collapse sidebar": "收起侧栏", "Expand sidebar": "展开侧栏", "Sidebar": "侧栏", "App pages": "页面导航",
    "View less": "收起", "Link to heading": "链接到此标题",
    // 5. page not found (if not prevented by fixes.with_not_found_page)
    "Page not found": "页面不存在",
    "The page that you have requested does not seem to exist. Running the app's main page.": "您访问的页面不存在，已为您打开首页。",
    // 3. Streamlit's plotly fullscreen button (plotly's own buttons follow config locale)
    "Fullscreen": "全屏", "Close fullscreen": "退出全屏",
    // 4. dataframe / data_editor
    "Show/hide columns": "显示/隐藏列", "Download as CSV": "下载 CSV", "Search": "搜索", "Add row": "添加行",
    "Delete row(s)": "删除所选行", "Clear selection": "清除选择", "Type to search": "输入以搜索",
    "Previous Result": "上一个", "Next Result": "下一个", "Close Search": "关闭搜索", "Select all": "全选",
    "(index)": "（索引）", "Dataframe column menu": "列菜单", "Copy column name": "复制列名",
    "Sort ascending": "升序排列", "Sort descending": "降序排列", "Statistics": "统计", "Format": "格式",
    "Autosize": "自动列宽", "Pin column": "固定列", "Unpin column": "取消固定", "Hide column": "隐藏列",
    "Automatic": "自动", "Localized": "本地格式", "Plain": "原样", "Compact": "紧凑", "Percent": "百分比",
    "Dollar": "美元", "Euro": "欧元", "Yen": "日元", "Accounting": "会计格式", "Scientific": "科学计数",
    "Engineering": "工程计数", "Relative": "相对时间", "Distance": "距今", "Calendar": "日历", "Duration": "时长",
    "Range": "范围", "Count": "计数", "Values": "值", "Empty": "空值", "Distinct": "不同值", "Average": "平均值",
    "Sum": "合计", "Standard deviation": "标准差", "Minimum": "最小值", "Median": "中位数", "Maximum": "最大值",
    "25th percentile": "下四分位数", "75th percentile": "上四分位数",
    "Minimum length": "最短长度", "Maximum length": "最长长度", "Average length": "平均长度",
    "No data": "无数据", "Based on sample": "基于抽样", "Loading...": "加载中……", "No options": "无选项",
    "Select...": "请选择……", "Invalid input.": "输入无效。", "Copy": "复制", "Copied": "已复制",
    "The value cannot be interpreted as a number.": "无法识别为数字。",
    "The value cannot be interpreted as a datetime object.": "无法识别为日期时间。",
    "The value cannot be interpreted as boolean.": "无法识别为是/否。",
    "The value is not part of the allowed options.": "不在可选范围内。",
    // 6. widgets
    "Choose an option": "请选择", "Choose options": "请选择（可多选）", "No results": "无匹配项",
    "Clear all": "全部清除", "Clear value": "清除", "Clear entry": "清除", "Open": "展开", "Dismiss": "关闭",
    "Selected values": "已选项", "Press Enter to apply": "按回车键确认", "Press Enter to submit form": "按回车键提交",
    "Press Ctrl+Enter to apply": "按 Ctrl+回车 确认", "Press ⌘+Enter to apply": "按 ⌘+回车 确认",
    "Show password": "显示密码", "Hide password": "隐藏密码",
    "Decrement": "减少", "Increment": "增加", "Choose date": "选择日期", "Choose date range": "选择日期范围",
    "Previous month": "上个月", "Next month": "下个月", "Date range": "快速选择", "Quick select a date range": "快速选择日期范围",
    "Past Week": "最近一周", "Past Month": "最近一个月", "Past 3 Months": "最近三个月", "Past 6 Months": "最近六个月",
    "Past Year": "最近一年", "Past 2 Years": "最近两年", "Clear dates": "清除日期", "Use arrow keys to navigate dates. Enter to select. Escape to close.": "用方向键选择日期，回车确认，Esc 关闭。",
    "Upload": "选择文件", "Add files": "添加文件", "file upload": "上传文件", "Drag and drop a file here": "将文件拖放到此处",
    "Upload directories": "上传文件夹", "Error:": "错误：", "Error uploading file": "文件上传失败", "Error deleting file": "文件删除失败",
    "Close": "关闭", "Notifications": "通知",
    // uncaught exceptions
    "Traceback:": "错误追踪：", "Ask Google": "搜索此错误", "Ask ChatGPT": "询问 AI",
    "This app has encountered an error. The original error message is redacted to prevent data leaks. Full error details have been recorded in the logs (if you're on Streamlit Cloud, click on 'Manage app' in the lower right of your app).":
      "页面出错了。详细信息已记录在服务器日志中，请稍后重试或联系管理员。",
  };
  const PATTERNS = [
    [/^Remove (.+)$/, "移除 $1"],
    [/^Help for (.+)$/, "$1 的说明"],
    [/^(.+) start date$/, "$1 开始日期"],
    [/^(.+) end date$/, "$1 结束日期"],
    [/^year, (.+)$/, "年，$1"], [/^month, (.+)$/, "月，$1"], [/^day, (.+)$/, "日，$1"],
    [/^Choose date range, (.+)$/, "选择日期范围，$1"], [/^Choose date, (.+)$/, "选择日期，$1"],
    [/^(\d{2}) – [A-Z][a-z]+$/, "$1月"],
    [/^(\S+) per file$/, "单个文件不超过 $1"],
    [/^File must be (\S+) or smaller\.$/, "文件不能超过 $1，未上传。"],
    [/^(.+) files are not allowed\.$/, "不支持此类文件，未上传。"],
    [/^View (\d+) more$/, "再显示 $1 个"],
    [/^Top values frequency chart: (.+)$/, "最常见取值：$1"],
    [/^Vega visualization$/, "图表"],
    [/^You have requested page \/(.*), but no corresponding file was found in the app's pages\/ directory\. Running the app's main page\.$/, "页面 /$1 不存在，已为您打开首页。"],
  ];
  // column-type tooltips (title="text") of the dataframe column menu, only as attributes there
  const KINDS = { text: "文本", number: "数字", checkbox: "复选框", selectbox: "下拉选择", date: "日期", time: "时间",
    datetime: "日期时间", list: "列表", multiselect: "多选", link: "链接", image: "图片", json: "JSON", object: "对象",
    progress: "进度条", line_chart: "折线图", bar_chart: "柱状图", area_chart: "面积图" };
  const ATTRS = ["aria-label", "title", "placeholder", "data-title", "aria-valuetext", "aria-description"];
  // user content is never translated
  const SKIP = '[data-testid="stMarkdown"], [data-testid="stText"], [data-testid="stCode"], [data-testid="stTable"], ' +
               '[data-testid="stJson"], [data-testid="stCaptionContainer"], [data-testid="stHeading"], .main-svg, ' +
               '[data-testid="stIconMaterial"], script, style, textarea, input';
  const latin = /[A-Za-z]/;

  function tr(s) {
    if (!s || !latin.test(s)) return null;
    const core = s.trim();
    let out = Object.prototype.hasOwnProperty.call(EXACT, core) ? EXACT[core] : null;
    if (out === null) {
      for (const [re, rep] of PATTERNS) { if (re.test(core)) { out = core.replace(re, rep); break; } }
    }
    if (out === null || out === core) return null;
    return s.replace(core, out);
  }
  function skip(el) { return !el || el.closest(SKIP); }
  function doText(n) {
    const p = n.parentElement;
    if (skip(p)) return;
    const t = tr(n.nodeValue);
    if (t !== null) n.nodeValue = t;
  }
  function doAttr(el, a) {
    const v = el.getAttribute(a);
    if (!v || !latin.test(v)) return;
    if (a === "title" && KINDS[v] && el.closest('[data-testid="stDataFrameColumnMenu"]')) { el.setAttribute(a, KINDS[v]); return; }
    if (el.closest('[data-testid="stMarkdown"], [data-testid="stText"], [data-testid="stCode"]')) return;
    const t = tr(v);
    if (t !== null) el.setAttribute(a, t);
  }
  function walk(root) {
    if (root.nodeType === 3) { doText(root); return; }
    if (root.nodeType !== 1) return;
    for (const a of ATTRS) if (root.hasAttribute(a)) doAttr(root, a);
    const w = document.createTreeWalker(root, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
    let n;
    while ((n = w.nextNode())) {
      if (n.nodeType === 3) doText(n);
      else for (const a of ATTRS) if (n.hasAttribute(a)) doAttr(n, a);
    }
  }
  new MutationObserver((muts) => {
    for (const m of muts) {
      if (m.type === "characterData") doText(m.target);
      else if (m.type === "attributes") doAttr(m.target, m.attributeName);
      else for (const n of m.addedNodes) walk(n);
    }
  }).observe(document.documentElement, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ATTRS });
  if (document.body) walk(document.body);
  else document.addEventListener("DOMContentLoaded", () => walk(document.body));
})();
