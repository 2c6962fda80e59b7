<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
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
        <source>&amp;Theme</source>
        <translation>主题(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>Follow system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>深色</translation>
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
        <source>Another Reader window is using {dir}; your notes are read-only here so nothing it saves is overwritten.</source>
        <translation>另一个 Reader 窗口正在使用 {dir}；此处的笔记为只读，以免覆盖该窗口保存的内容。</translation>
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
    <name>PagePreview</name>
    <message>
        <source>Reading pane</source>
        <translation>阅读窗格</translation>
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
    <name>SidePanel</name>
    <message>
        <source>Side panel</source>
        <translation>侧边面板</translation>
    </message>
</context>
</TS>