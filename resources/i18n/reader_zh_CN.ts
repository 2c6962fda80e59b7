<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name />
    <message>
        <source>Select the words to quote first.</source>
        <translation>请先选择要引用的文字。</translation>
    </message>
    <message>
        <source>Copied with its citation.</source>
        <translation>已连同引文出处复制。</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>Keyboard shortcuts by menu</source>
        <translation>按菜单列出的键盘快捷键</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation>快捷键</translation>
    </message>
    <message>
        <source>About Reader</source>
        <translation>关于 Reader</translation>
    </message>
    <message>
        <source>Reader — an offline reader for an annotated corpus.
Your data: {dir}</source>
        <translation>Reader——离线阅读带注语料的工具。
你的数据：{dir}</translation>
    </message>
    <message>
        <source>The texts differ</source>
        <translation>文本说法不同</translation>
    </message>
    <message>
        <source>These passages state different things.</source>
        <translation>这些段落的说法不同。</translation>
    </message>
    <message>
        <source>Preferences</source>
        <translation>首选项</translation>
    </message>
    <message>
        <source>Your name</source>
        <translation>你的名字</translation>
    </message>
    <message>
        <source>Reader user</source>
        <translation>Reader 用户</translation>
    </message>
    <message>
        <source>Reading font</source>
        <translation>阅读字体</translation>
    </message>
    <message>
        <source>Bundled reading font</source>
        <translation>内置的阅读字体</translation>
    </message>
    <message>
        <source>Font size</source>
        <translation>字号</translation>
    </message>
    <message>
        <source>Line spacing</source>
        <translation>行距</translation>
    </message>
    <message>
        <source>Margins</source>
        <translation>边距</translation>
    </message>
    <message>
        <source>Text width</source>
        <translation>文字宽度</translation>
    </message>
    <message>
        <source>Your &amp;name (the author of the annotations you export):</source>
        <translation>你的名字（导出批注的作者）(&amp;N)：</translation>
    </message>
    <message>
        <source>Reading &amp;font:</source>
        <translation>阅读字体(&amp;F)：</translation>
    </message>
    <message>
        <source>Font &amp;size:</source>
        <translation>字号(&amp;S)：</translation>
    </message>
    <message>
        <source>&amp;Line spacing:</source>
        <translation>行距(&amp;L)：</translation>
    </message>
    <message>
        <source>&amp;Margins:</source>
        <translation>边距(&amp;M)：</translation>
    </message>
    <message>
        <source>Text &amp;width:</source>
        <translation>文字宽度(&amp;W)：</translation>
    </message>
    <message>
        <source>Export annotated PDF</source>
        <translation>导出带批注的 PDF</translation>
    </message>
    <message>
        <source>Printing failed</source>
        <translation>打印失败</translation>
    </message>
    <message>
        <source>The printer could not be opened.</source>
        <translation>无法打开打印机。</translation>
    </message>
    <message numerus="yes">
        <source>Sent %n page(s) to the printer.</source>
        <translation>
            <numerusform>已将 %n 页发送到打印机。</numerusform>
        </translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Exporting {what}…</source>
        <translation>正在导出{what}…</translation>
    </message>
    <message>
        <source>Export cancelled; nothing was written.</source>
        <translation>已取消导出；没有写入任何文件。</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <source>Exported {pages} pages to {path}.</source>
        <translation>已将 {pages} 页导出到 {path}。</translation>
    </message>
    <message>
        <source>Exported 1 page to {path}.</source>
        <translation>已将 1 页导出到 {path}。</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Exported to {path}.</source>
        <translation>已导出到 {path}。</translation>
    </message>
    <message>
        <source>Import annotations</source>
        <translation>导入批注</translation>
    </message>
    <message>
        <source>Annotations (*.json *.jsonld *.pdf);;All files (*)</source>
        <translation>批注 (*.json *.jsonld *.pdf);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Import failed</source>
        <translation>导入失败</translation>
    </message>
    <message>
        <source>Imported 1 annotation from {name}.</source>
        <translation>已从 {name} 导入 1 条批注。</translation>
    </message>
    <message>
        <source>Imported {n} annotations from {name}.</source>
        <translation>已从 {name} 导入 {n} 条批注。</translation>
    </message>
    <message numerus="yes">
        <source>%n highlight(s)</source>
        <translation>
            <numerusform>%n 个高亮</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n glossary entry(ies)</source>
        <translation>
            <numerusform>%n 个词汇条目</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n timeline event(s)</source>
        <translation>
            <numerusform>%n 个时间线事件</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n link(s)</source>
        <translation>
            <numerusform>%n 个链接</numerusform>
        </translation>
    </message>
    <message>
        <source>Imported from {name}: {counts}.</source>
        <translation>已从 {name} 导入：{counts}。</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>Add texts to your library</source>
        <translation>将文本添加到你的文库</translation>
    </message>
    <message>
        <source>Texts, web pages, EPUB, PDF, Word ({patterns});;All files (*)</source>
        <translation>文本、网页、EPUB、PDF、Word ({patterns});;所有文件 (*)</translation>
    </message>
    <message>
        <source>Added “{title}” to your library.</source>
        <translation>已将“{title}”添加到你的文库。</translation>
    </message>
    <message>
        <source>{name} is already in the library as “{title}”; nothing was added.</source>
        <translation>{name} 已以“{title}”在文库中；没有添加任何内容。</translation>
    </message>
    <message>
        <source>{name} is a new version of “{title}”: its text was replaced and your notes were re-anchored (the previous text is in backups/library).</source>
        <translation>{name} 是“{title}”的新版本：已替换其文本，并重新定位你的笔记（旧文本保存在 backups/library）。</translation>
    </message>
    <message>
        <source>Removed “{id}” from your library (Undo remove puts it back; your notes are kept).</source>
        <translation>已从你的文库移除“{id}”（“撤销移除”可放回；你的笔记会保留）。</translation>
    </message>
    <message>
        <source>Put “{id}” back in your library.</source>
        <translation>已将“{id}”放回你的文库。</translation>
    </message>
    <message>
        <source>Undo &amp;remove from library</source>
        <translation>撤销从文库移除(&amp;R)</translation>
    </message>
    <message>
        <source>Saved the details of “{title}”.</source>
        <translation>已保存“{title}”的资料。</translation>
    </message>
    <message>
        <source>The library cannot be changed: the data folder is {why}.</source>
        <translation>无法更改文库：数据文件夹{why}。</translation>
    </message>
    <message>
        <source>“{term}” does not occur in this document; showing its source.</source>
        <translation>“{term}”没有出现在这份文档中；改为显示其出处。</translation>
    </message>
    <message>
        <source>This note lost its place in the text: select new text and use “Attach here”.</source>
        <translation>这条笔记在文本中失去了位置：请选择新的文字并使用“附在此处”。</translation>
    </message>
    <message>
        <source>Select some text first, then highlight it.</source>
        <translation>请先选择文字，再加高亮。</translation>
    </message>
    <message>
        <source>Select text (or a highlight in Notes) to write a note.</source>
        <translation>选择文字（或“笔记”标签页中的高亮）以撰写笔记。</translation>
    </message>
    <message>
        <source>Select a highlight to delete.</source>
        <translation>请选择要删除的高亮。</translation>
    </message>
    <message>
        <source>Select the new text in the reading pane, then choose “Attach here”.</source>
        <translation>在阅读窗格中选择新的文字，然后选择“附在此处”。</translation>
    </message>
    <message>
        <source>Select the passage the link starts from.</source>
        <translation>请选择链接起点的段落。</translation>
    </message>
    <message>
        <source>Link started: select the target passage (any document), then Edit › Complete link here.</source>
        <translation>已开始链接：请选择目标段落（任何文档均可），然后选择“编辑 › 在此完成链接”。</translation>
    </message>
    <message>
        <source>Start a link first, then select its target passage.</source>
        <translation>请先开始一个链接，再选择目标段落。</translation>
    </message>
    <message>
        <source>Link type</source>
        <translation>链接类型</translation>
    </message>
    <message>
        <source>This passage…</source>
        <translation>这个段落…</translation>
    </message>
    <message>
        <source>Link note</source>
        <translation>链接说明</translation>
    </message>
    <message>
        <source>One line about the link (optional):</source>
        <translation>关于这个链接的一句说明（可选）：</translation>
    </message>
    <message>
        <source>Linked: {type}.</source>
        <translation>已建立链接：{type}。</translation>
    </message>
    <message>
        <source>Undone: {what}</source>
        <translation>已撤销：{what}</translation>
    </message>
    <message>
        <source>Redone: {what}</source>
        <translation>已重做：{what}</translation>
    </message>
    <message>
        <source>&amp;Undo {what}</source>
        <translation>撤销{what}(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo {what}</source>
        <translation>重做{what}(&amp;R)</translation>
    </message>
    <message>
        <source>Name a colour</source>
        <translation>为颜色命名</translation>
    </message>
    <message>
        <source>Meaning of {colour}:</source>
        <translation>{colour} 的含义：</translation>
    </message>
    <message>
        <source>Highlight in colour</source>
        <translation>用颜色高亮</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Document info</source>
        <translation>文档信息</translation>
    </message>
    <message>
        <source>&amp;Title</source>
        <translation>标题(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Authors</source>
        <translation>作者(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Published (YYYY-MM-DD)</source>
        <translation>出版日期 (YYYY-MM-DD)(&amp;P)</translation>
    </message>
    <message>
        <source>P&amp;ublisher</source>
        <translation>出版者(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Languages</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>Colle&amp;ctions / tags</source>
        <translation>收藏集／标签(&amp;C)</translation>
    </message>
    <message>
        <source>Shipped texts cannot be edited.</source>
        <translation>随附的文本无法编辑。</translation>
    </message>
    <message>
        <source>The text itself is kept as imported; only these details change.</source>
        <translation>文本本身保持导入时的原样；只有这些资料会更改。</translation>
    </message>
    <message>
        <source>Provenance</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Library order</source>
        <translation>文库顺序</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Date added</source>
        <translation>添加日期</translation>
    </message>
    <message>
        <source>Publisher</source>
        <translation>出版者</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Author</source>
        <translation>作者</translation>
    </message>
    <message>
        <source>Authors</source>
        <translation>作者</translation>
    </message>
    <message>
        <source>Published</source>
        <translation>出版日期</translation>
    </message>
    <message>
        <source>Republished by</source>
        <translation>转载者</translation>
    </message>
    <message>
        <source>Original</source>
        <translation>原出处</translation>
    </message>
    <message>
        <source>Languages</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源文件</translation>
    </message>
    <message>
        <source>Removed</source>
        <translation>已移除的内容</translation>
    </message>
    <message>
        <source>Added</source>
        <translation>添加日期</translation>
    </message>
    <message>
        <source>Document id</source>
        <translation>文档代号</translation>
    </message>
    <message>
        <source>By {authors}</source>
        <translation>作者：{authors}</translation>
    </message>
    <message>
        <source>republished by {again} from {original}</source>
        <translation>由 {again} 转载自 {original}</translation>
    </message>
    <message>
        <source>original: {original}</source>
        <translation>原出处：{original}</translation>
    </message>
    <message>
        <source>your text, added {date}</source>
        <translation>你的文本，添加于 {date}</translation>
    </message>
    <message>
        <source>your text</source>
        <translation>你的文本</translation>
    </message>
    <message>
        <source>Contents</source>
        <translation>目录</translation>
    </message>
    <message>
        <source>Document info…</source>
        <translation>文档信息…</translation>
    </message>
    <message>
        <source>Remove from library</source>
        <translation>从文库移除</translation>
    </message>
    <message>
        <source>Sync folder not set: {error}</source>
        <translation>未设置同步文件夹：{error}</translation>
    </message>
    <message>
        <source>Not synced: {error}</source>
        <translation>未同步：{error}</translation>
    </message>
    <message>
        <source>Sync {at}: could not send ({error})</source>
        <translation>{at} 同步：无法发送（{error}）</translation>
    </message>
    <message>
        <source>Synced {at}: nothing new</source>
        <translation>{at} 已同步：没有新内容</translation>
    </message>
    <message>
        <source>Synced {at}: sent {sent}, received {received}, merged {merged}</source>
        <translation>{at} 已同步：发送 {sent}，接收 {received}，合并 {merged}</translation>
    </message>
    <message numerus="yes">
        <source>; %n deleted on one device while edited on another: kept for review</source>
        <translation>
            <numerusform>；%n 个在一台设备上删除、同时在另一台设备上编辑：已保留待审阅</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>; skipped %n file(s): {names}</source>
        <translation>
            <numerusform>；跳过 %n 个文件：{names}</numerusform>
        </translation>
    </message>
    <message>
        <source>; not synced, cannot be read: {names}</source>
        <translation>；无法读取，未同步：{names}</translation>
    </message>
    <message>
        <source>Sync status</source>
        <translation>同步状态</translation>
    </message>
    <message>
        <source>S&amp;ync folder…</source>
        <translation>同步文件夹…(&amp;Y)</translation>
    </message>
    <message>
        <source>Choose a shared folder (Syncthing, Nextcloud, a USB stick) to sync notes through</source>
        <translation>选择一个共享文件夹（Syncthing、Nextcloud、U 盘）来同步笔记</translation>
    </message>
    <message>
        <source>Filter annotations…</source>
        <translation>筛选批注…</translation>
    </message>
    <message>
        <source>Annotations of this document</source>
        <translation>这份文档的批注</translation>
    </message>
    <message>
        <source>Your study layer is read-only in this window: {reason}.</source>
        <translation>你的研读层在此窗口中为只读：{reason}。</translation>
    </message>
    <message>
        <source>Your glossary or timeline file could not be read; it is left as it is.</source>
        <translation>无法读取你的词汇表或时间线文件；文件保持原状。</translation>
    </message>
    <message>
        <source>Select the term in the text first, then choose New glossary entry.</source>
        <translation>请先在文本中选择词语，再选择“新建词汇条目”。</translation>
    </message>
    <message>
        <source>Select the passage that dates the event first, then choose Add to timeline.</source>
        <translation>请先选择标示事件日期的段落，再选择“添加到时间线”。</translation>
    </message>
    <message>
        <source>You have no glossary entries yet: select a term and choose New glossary entry first.</source>
        <translation>您还没有词汇条目：请先选择词语，再选择“新建词汇条目”。</translation>
    </message>
    <message>
        <source>Select the passage first, then choose Add as glossary source.</source>
        <translation>请先选择段落，再选择“加为词汇出处”。</translation>
    </message>
    <message>
        <source>Not saved: {reason}.</source>
        <translation>未保存：{reason}。</translation>
    </message>
    <message>
        <source>Your link: {type}</source>
        <translation>你的链接：{type}</translation>
    </message>
    <message>
        <source>Filter the timeline…</source>
        <translation>筛选时间线…</translation>
    </message>
    <message>
        <source>Timeline events</source>
        <translation>时间线事件</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>编辑…(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>删除(&amp;D)</translation>
    </message>
</context>
<context>
    <name>AddSourceDialog</name>
    <message>
        <source>Add a source to a glossary entry</source>
        <translation>为词汇条目加入出处</translation>
    </message>
    <message>
        <source>Filter your entries…</source>
        <translation>筛选您的条目…</translation>
    </message>
    <message>
        <source>Your glossary entries</source>
        <translation>您的词汇条目</translation>
    </message>
    <message>
        <source>&amp;Entry:</source>
        <translation>条目(&amp;E)：</translation>
    </message>
    <message>
        <source>New source:</source>
        <translation>新出处：</translation>
    </message>
</context>
<context>
    <name>AnnotationsPanel</name>
    <message>
        <source>Show kind of annotation</source>
        <translation>显示批注类型</translation>
    </message>
    <message>
        <source>All kinds</source>
        <translation>所有类型</translation>
    </message>
</context>
<context>
    <name>CrossrefsPanel</name>
    <message>
        <source>Cross-references</source>
        <translation>交叉引用</translation>
    </message>
    <message>
        <source>Links from and to this document. Enter or click follows a link.</source>
        <translation>链出和链入这份文档的链接。按 Enter 或单击即可前往。</translation>
    </message>
    <message>
        <source>Your link</source>
        <translation>你的链接</translation>
    </message>
    <message>
        <source>Editorial</source>
        <translation>编辑</translation>
    </message>
</context>
<context>
    <name>FindMixin</name>
    <message>
        <source>%1 found</source>
        <translation>找到 %1 个</translation>
    </message>
    <message>
        <source>Your note</source>
        <translation>你的笔记</translation>
    </message>
    <message>
        <source>Your tag</source>
        <translation>你的标签</translation>
    </message>
    <message>
        <source>Your highlight</source>
        <translation>你的高亮</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>第 %1 个，共 %2 个</translation>
    </message>
</context>
<context>
    <name>GlossaryEntryDialog</name>
    <message>
        <source>Edit glossary entry</source>
        <translation>编辑词汇条目</translation>
    </message>
    <message>
        <source>New glossary entry</source>
        <translation>新建词汇条目</translation>
    </message>
    <message>
        <source>Other spellings in the texts, separated by commas</source>
        <translation>文本中的其他写法，以逗号分隔</translation>
    </message>
    <message>
        <source>Neutral, attributed, drawn from the texts (Markdown allowed)</source>
        <translation>中立、注明出处、取材自文本（可用 Markdown）</translation>
    </message>
    <message>
        <source>Definition preview</source>
        <translation>定义预览</translation>
    </message>
    <message>
        <source>&amp;Term:</source>
        <translation>词语(&amp;T)：</translation>
    </message>
    <message>
        <source>&amp;Aliases:</source>
        <translation>别名(&amp;A)：</translation>
    </message>
    <message>
        <source>&amp;Kind:</source>
        <translation>类型(&amp;K)：</translation>
    </message>
    <message>
        <source>&amp;Definition:</source>
        <translation>定义(&amp;D)：</translation>
    </message>
    <message>
        <source>Preview:</source>
        <translation>预览：</translation>
    </message>
    <message>
        <source>Source:</source>
        <translation>出处：</translation>
    </message>
    <message>
        <source>Add {form}</source>
        <translation>添加“{form}”</translation>
    </message>
</context>
<context>
    <name>GlossaryPanel</name>
    <message>
        <source>Search the glossary…</source>
        <translation>搜索词汇表…</translation>
    </message>
    <message>
        <source>Glossary entries</source>
        <translation>词汇条目</translation>
    </message>
    <message>
        <source>Glossary entry</source>
        <translation>词汇条目</translation>
    </message>
    <message>
        <source>Add the selected passage as a source</source>
        <translation>将选取的段落加为出处</translation>
    </message>
    <message>
        <source>Select a passage in the reading pane (any document), then click here</source>
        <translation>请在阅读窗格（任何文档）中选取段落，再点击此处</translation>
    </message>
    <message>
        <source>yours</source>
        <translation>你的</translation>
    </message>
    <message>
        <source>Also written:</source>
        <translation>又写作：</translation>
    </message>
    <message>
        <source>Other spellings (not in the corpus):</source>
        <translation>其他写法（不在语料中）：</translation>
    </message>
    <message>
        <source>Sources</source>
        <translation>出处</translation>
    </message>
    <message numerus="yes">
        <source>Occurs %n time(s) in the library</source>
        <translation>
            <numerusform>在文库中出现 %n 次</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Unlinked mentions: %n</source>
        <translation>
            <numerusform>未链接的提及：%n</numerusform>
        </translation>
    </message>
    <message>
        <source>See also:</source>
        <translation>另见：</translation>
    </message>
</context>
<context>
    <name>LibraryPanel</name>
    <message>
        <source>Library</source>
        <translation>文库</translation>
    </message>
    <message>
        <source>Filter the library</source>
        <translation>筛选文库</translation>
    </message>
    <message>
        <source>Filter the library by title, author, publisher, language or tag</source>
        <translation>按标题、作者、出版者、语言或标签筛选文库</translation>
    </message>
    <message>
        <source>Sort the library by</source>
        <translation>文库排序方式</translation>
    </message>
    <message>
        <source>Add text…</source>
        <translation>添加文本…</translation>
    </message>
    <message>
        <source>Add a text file to the library</source>
        <translation>将文本文件添加到文库</translation>
    </message>
    <message>
        <source>Indexing your library: %1 of %2 texts…</source>
        <translation>正在为你的文库建立索引：第 %1 篇，共 %2 篇…</translation>
    </message>
    <message>
        <source>Indexing your library…</source>
        <translation>正在为你的文库建立索引…</translation>
    </message>
    <message>
        <source>Your text</source>
        <translation>你的文本</translation>
    </message>
</context>
<context>
    <name>LinkDialog</name>
    <message>
        <source>Complete link</source>
        <translation>完成链接</translation>
    </message>
    <message>
        <source>Edit link</source>
        <translation>编辑链接</translation>
    </message>
    <message>
        <source>One line about the link (optional)</source>
        <translation>关于这个链接的一句说明（可选）</translation>
    </message>
    <message>
        <source>This passage…</source>
        <translation>这个段落…</translation>
    </message>
    <message>
        <source>&amp;Note:</source>
        <translation>说明(&amp;N)：</translation>
    </message>
</context>
<context>
    <name>MainMenu</name>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Add text…</source>
        <translation>添加文本…(&amp;A)</translation>
    </message>
    <message>
        <source>Export annotated &amp;PDF…</source>
        <translation>导出带批注的 PDF…(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Print…</source>
        <translation>打印…(&amp;P)</translation>
    </message>
    <message>
        <source>Export &amp;Markdown…</source>
        <translation>导出 Markdown…(&amp;M)</translation>
    </message>
    <message>
        <source>Export &amp;W3C annotations…</source>
        <translation>导出 W3C 批注…(&amp;W)</translation>
    </message>
    <message>
        <source>PDF export &amp;options</source>
        <translation>PDF 导出选项(&amp;O)</translation>
    </message>
    <message>
        <source>Include the editorial layer (glossary, links, timeline)</source>
        <translation>包含编辑层（词汇表、链接、时间线）</translation>
    </message>
    <message>
        <source>Include my highlights and notes</source>
        <translation>包含我的高亮和笔记</translation>
    </message>
    <message>
        <source>&amp;Import annotations…</source>
        <translation>导入批注…(&amp;I)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>Copy with c&amp;itation</source>
        <translation>连同引文出处复制(&amp;I)</translation>
    </message>
    <message>
        <source>&amp;Highlight</source>
        <translation>高亮(&amp;H)</translation>
    </message>
    <message>
        <source>Highlight &amp;colour</source>
        <translation>高亮颜色(&amp;C)</translation>
    </message>
    <message>
        <source>Add &amp;note</source>
        <translation>添加笔记(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Delete highlight</source>
        <translation>删除高亮(&amp;D)</translation>
    </message>
    <message>
        <source>A&amp;ttach note here</source>
        <translation>将笔记附在此处(&amp;T)</translation>
    </message>
    <message>
        <source>New &amp;glossary entry…</source>
        <translation>新建词汇条目…(&amp;G)</translation>
    </message>
    <message>
        <source>Add as glossary &amp;source…</source>
        <translation>加为词汇出处…(&amp;S)</translation>
    </message>
    <message>
        <source>Add to &amp;timeline…</source>
        <translation>添加到时间线…(&amp;T)</translation>
    </message>
    <message>
        <source>Start a &amp;link here</source>
        <translation>从此处开始链接(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Complete link here…</source>
        <translation>在此完成链接…(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation>查找…(&amp;F)</translation>
    </message>
    <message>
        <source>Find in &amp;library…</source>
        <translation>在文库中查找…(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation>首选项…(&amp;P)</translation>
    </message>
    <message>
        <source>Name colours…</source>
        <translation>为颜色命名…</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Back</source>
        <translation>后退(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;Forward</source>
        <translation>前进(&amp;F)</translation>
    </message>
    <message>
        <source>Zoom &amp;in</source>
        <translation>放大(&amp;I)</translation>
    </message>
    <message>
        <source>Zoom &amp;out</source>
        <translation>缩小(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Actual size</source>
        <translation>实际大小(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Parallel texts</source>
        <translation>对照文本(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Editorial marks</source>
        <translation>编辑标记(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation>主题(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>F&amp;ull screen</source>
        <translation>全屏(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Show editorial marks</source>
        <translation>显示编辑标记(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;All marks</source>
        <translation>全部标记(&amp;A)</translation>
    </message>
    <message>
        <source>Glossary terms &amp;once per section, other marks</source>
        <translation>每节只标一次词汇，其他标记照常(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Glossary terms only</source>
        <translation>只标记词汇(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;None</source>
        <translation>不标记(&amp;N)</translation>
    </message>
    <message>
        <source>Follow &amp;system</source>
        <translation>跟随系统(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <translation>浅色(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Dark</source>
        <translation>深色(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;About Reader</source>
        <translation>关于 Reader(&amp;A)</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>主工具栏</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Document text</source>
        <translation>文档正文</translation>
    </message>
    <message>
        <source>Parallel texts</source>
        <translation>对照文本</translation>
    </message>
    <message>
        <source>Read-only</source>
        <translation>只读</translation>
    </message>
    <message>
        <source>Reading progress</source>
        <translation>阅读进度</translation>
    </message>
    <message>
        <source>Restore newest backup</source>
        <translation>恢复最新备份</translation>
    </message>
    <message>
        <source>Find in document (Enter: next, Shift+Enter: previous)</source>
        <translation>在文档中查找（Enter：下一个，Shift+Enter：上一个）</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <source>All documents and notes</source>
        <translation>所有文档和笔记</translation>
    </message>
    <message>
        <source>Search the whole library and your notes</source>
        <translation>搜索整个文库和你的笔记</translation>
    </message>
    <message>
        <source>Previous</source>
        <translation>上一个</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>下一个</translation>
    </message>
    <message>
        <source>Search results in the library</source>
        <translation>文库搜索结果</translation>
    </message>
    <message>
        <source>Annotations</source>
        <translation>批注</translation>
    </message>
    <message>
        <source>Glossary</source>
        <translation>词汇表</translation>
    </message>
    <message>
        <source>Links</source>
        <translation>链接</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>笔记</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>时间线</translation>
    </message>
    <message>
        <source>Saving failed: {msg}</source>
        <translation>保存失败：{msg}</translation>
    </message>
    <message>
        <source>{title} (notes read-only)[*] — Reader</source>
        <translation>{title}（笔记只读）[*] — Reader</translation>
    </message>
    <message>
        <source>{title}[*] — Reader</source>
        <translation>{title}[*] — Reader</translation>
    </message>
    <message>
        <source>{percent}% read</source>
        <translation>已读 {percent}%</translation>
    </message>
    <message>
        <source>Your notes are read-only here: the data folder {dir} is {reason}, so nothing is overwritten.</source>
        <translation>此处的笔记为只读：数据文件夹 {dir} {reason}，因此不会覆盖任何内容。</translation>
    </message>
    <message>
        <source>Your notes for this document could not be read — {error}. The file is left untouched and notes are read-only for this document.</source>
        <translation>无法读取你在这份文档的笔记——{error}。文件未被改动，这份文档的笔记为只读。</translation>
    </message>
    <message>
        <source>No readable backup was found.</source>
        <translation>找不到可读取的备份。</translation>
    </message>
    <message>
        <source>Restored notes from {name}; the unreadable file was kept in backups.</source>
        <translation>已从 {name} 恢复笔记；无法读取的文件已保留在备份中。</translation>
    </message>
    <message>
        <source>{problem} (and {more} more; run `reader check`)</source>
        <translation>{problem}（另有 {more} 项；请运行 `reader check`）</translation>
    </message>
    <message>
        <source>This document has no parallel translations.</source>
        <translation>这份文档没有对照译文。</translation>
    </message>
    <message>
        <source>English</source>
        <translation>英文</translation>
    </message>
</context>
<context>
    <name>Marks</name>
    <message>
        <source>Glossary</source>
        <translation>词汇表</translation>
    </message>
    <message>
        <source>Cross-reference</source>
        <translation>交叉引用</translation>
    </message>
    <message>
        <source>Editorial note</source>
        <translation>编辑注释</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>时间线</translation>
    </message>
    <message>
        <source>Your highlight</source>
        <translation>你的高亮</translation>
    </message>
</context>
<context>
    <name>NotesPanel</name>
    <message>
        <source>Note on the whole document</source>
        <translation>整份文档的笔记</translation>
    </message>
    <message>
        <source>A note on the whole document…</source>
        <translation>对整份文档的笔记…</translation>
    </message>
    <message>
        <source>Filter notes by text or tag…</source>
        <translation>按文字或标签筛选笔记…</translation>
    </message>
    <message>
        <source>Filter notes</source>
        <translation>筛选笔记</translation>
    </message>
    <message>
        <source>Filter by colour</source>
        <translation>按颜色筛选</translation>
    </message>
    <message>
        <source>Filter by tag</source>
        <translation>按标签筛选</translation>
    </message>
    <message>
        <source>Sort notes</source>
        <translation>排序笔记</translation>
    </message>
    <message>
        <source>By position</source>
        <translation>按位置</translation>
    </message>
    <message>
        <source>Newest first</source>
        <translation>最新的在前</translation>
    </message>
    <message>
        <source>Whole library</source>
        <translation>整个文库</translation>
    </message>
    <message>
        <source>Show notes of the whole library</source>
        <translation>显示整个文库的笔记</translation>
    </message>
    <message>
        <source>Your highlights and notes</source>
        <translation>你的高亮和笔记</translation>
    </message>
    <message>
        <source>Note on the selected highlight</source>
        <translation>所选高亮的笔记</translation>
    </message>
    <message>
        <source>Select a highlight, then write a note here (Markdown allowed).</source>
        <translation>选择一个高亮，然后在此写笔记（可用 Markdown）。</translation>
    </message>
    <message>
        <source>Note preview</source>
        <translation>笔记预览</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <source>Show the note rendered as Markdown</source>
        <translation>以 Markdown 呈现笔记</translation>
    </message>
    <message>
        <source>Tags, separated by commas</source>
        <translation>标签，以逗号分隔</translation>
    </message>
    <message>
        <source>Tags, comma-separated</source>
        <translation>标签，以逗号分隔</translation>
    </message>
    <message>
        <source>Colour: %1</source>
        <translation>颜色：%1</translation>
    </message>
    <message>
        <source>Attach here</source>
        <translation>附在此处</translation>
    </message>
    <message>
        <source>Re-attach this orphaned note to the text selected in the reading pane</source>
        <translation>把这条失去位置的笔记重新附到阅读窗格中选中的文字</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Position is right</source>
        <translation>位置正确</translation>
    </message>
    <message>
        <source>This note was moved after the text changed; confirm its new place</source>
        <translation>文本变更后这条笔记被移动了；请确认它的新位置</translation>
    </message>
    <message>
        <source>Document note</source>
        <translation>文档笔记</translation>
    </message>
    <message>
        <source>All colours</source>
        <translation>所有颜色</translation>
    </message>
    <message>
        <source>All tags</source>
        <translation>所有标签</translation>
    </message>
    <message>
        <source>↪ Moved — please review.</source>
        <translation>↪ 已移动——请检查。</translation>
    </message>
    <message>
        <source>⚠ Orphaned — select text and use “Attach here”.</source>
        <translation>⚠ 失去位置——请选择文字并使用“附在此处”。</translation>
    </message>
    <message>
        <source>↩ Deleted on another device while you edited it — please review.</source>
        <translation>↩ 您编辑期间已在另一台设备上被删除——请检查。</translation>
    </message>
    <message>
        <source>No highlight selected.</source>
        <translation>未选择高亮。</translation>
    </message>
    <message>
        <source>created %1</source>
        <translation>创建于 %1</translation>
    </message>
    <message>
        <source>read-only</source>
        <translation>只读</translation>
    </message>
    <message>
        <source>Write a note on this highlight (Markdown allowed).</source>
        <translation>为这个高亮写笔记（可用 Markdown）。</translation>
    </message>
</context>
<context>
    <name>PagePreview</name>
    <message>
        <source>Reading pane</source>
        <translation>阅读窗格</translation>
    </message>
</context>
<context>
    <name>ParallelView</name>
    <message>
        <source>— not in the source —</source>
        <translation>——原文未载——</translation>
    </message>
    <message>
        <source>Parallel texts</source>
        <translation>对照文本</translation>
    </message>
    <message>
        <source>%1, row %2</source>
        <translation>%1，第 %2 行</translation>
    </message>
</context>
<context>
    <name>ReadingView</name>
    <message>
        <source>Reading pane</source>
        <translation>阅读窗格</translation>
    </message>
</context>
<context>
    <name>Session</name>
    <message>
        <source>the indexer could not be started</source>
        <translation>无法启动索引程序</translation>
    </message>
    <message>
        <source>the indexer stopped unexpectedly (exit status %1)</source>
        <translation>索引程序意外停止（退出状态 %1）</translation>
    </message>
    <message>
        <source>Your library could not be indexed (%1); your texts are read from their files instead.</source>
        <translation>无法为您的文库建立索引（%1）；改为直接从文件读取您的文本。</translation>
    </message>
</context>
<context>
    <name>SidePanel</name>
    <message>
        <source>Side panel</source>
        <translation>侧边面板</translation>
    </message>
</context>
<context>
    <name>TextPassage</name>
    <message>
        <source>Passage</source>
        <translation>段落</translation>
    </message>
</context>
<context>
    <name>TimelineEventDialog</name>
    <message>
        <source>Edit timeline event</source>
        <translation>编辑时间线事件</translation>
    </message>
    <message>
        <source>Add to timeline</source>
        <translation>添加到时间线</translation>
    </message>
    <message>
        <source>day</source>
        <translation>日</translation>
    </message>
    <message>
        <source>month</source>
        <translation>月</translation>
    </message>
    <message>
        <source>year</source>
        <translation>年</translation>
    </message>
    <message>
        <source>How the date follows from the text</source>
        <translation>日期如何从文本推得</translation>
    </message>
    <message>
        <source>&amp;Date:</source>
        <translation>日期(&amp;D)：</translation>
    </message>
    <message>
        <source>The text &amp;says:</source>
        <translation>文本原文(&amp;S)：</translation>
    </message>
    <message>
        <source>&amp;Reasoning:</source>
        <translation>推论(&amp;R)：</translation>
    </message>
    <message>
        <source>&amp;Title:</source>
        <translation>标题(&amp;T)：</translation>
    </message>
    <message>
        <source>Anchor:</source>
        <translation>锚点：</translation>
    </message>
</context>
<context>
    <name>TimelinePanel</name>
    <message>
        <source>yours</source>
        <translation>你的</translation>
    </message>
</context>
<context>
    <name>TocView</name>
    <message>
        <source>Contents of the open document</source>
        <translation>当前文档的目录</translation>
    </message>
</context>
</TS>