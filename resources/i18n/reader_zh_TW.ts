<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_TW">
<context>
    <name>MainMenu</name>
    <message>
        <source>&amp;File</source>
        <translation>檔案(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Add text…</source>
        <translation>加入文本…(&amp;A)</translation>
    </message>
    <message>
        <source>Export annotated &amp;PDF…</source>
        <translation>匯出附註記的 PDF…(&amp;P)</translation>
    </message>
    <message>
        <source>Export &amp;Markdown…</source>
        <translation>匯出 Markdown…(&amp;M)</translation>
    </message>
    <message>
        <source>Export &amp;W3C annotations…</source>
        <translation>匯出 W3C 註記…(&amp;W)</translation>
    </message>
    <message>
        <source>PDF export &amp;options</source>
        <translation>PDF 匯出選項(&amp;O)</translation>
    </message>
    <message>
        <source>Include the editorial layer (glossary, links, timeline)</source>
        <translation>包含編輯層（詞彙表、連結、時間線）</translation>
    </message>
    <message>
        <source>Include my highlights and notes</source>
        <translation>包含我的螢光標記和筆記</translation>
    </message>
    <message>
        <source>&amp;Import annotations…</source>
        <translation>匯入註記…(&amp;I)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>結束(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>編輯(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>復原(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Highlight</source>
        <translation>螢光標記(&amp;H)</translation>
    </message>
    <message>
        <source>Highlight &amp;colour</source>
        <translation>螢光標記顏色(&amp;C)</translation>
    </message>
    <message>
        <source>Add &amp;note</source>
        <translation>新增筆記(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Delete highlight</source>
        <translation>刪除螢光標記(&amp;D)</translation>
    </message>
    <message>
        <source>A&amp;ttach note here</source>
        <translation>將筆記附在此處(&amp;T)</translation>
    </message>
    <message>
        <source>Start a &amp;link here</source>
        <translation>從此處開始連結(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Complete link here…</source>
        <translation>在此完成連結…(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation>尋找…(&amp;F)</translation>
    </message>
    <message>
        <source>Find in &amp;library…</source>
        <translation>在文庫中尋找…(&amp;L)</translation>
    </message>
    <message>
        <source>Name colours…</source>
        <translation>為顏色命名…</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>檢視(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Back</source>
        <translation>上一步(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;Forward</source>
        <translation>下一步(&amp;F)</translation>
    </message>
    <message>
        <source>Zoom &amp;in</source>
        <translation>放大(&amp;I)</translation>
    </message>
    <message>
        <source>Zoom &amp;out</source>
        <translation>縮小(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Actual size</source>
        <translation>實際大小(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Parallel texts</source>
        <translation>對照文本(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation>主題(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>語言(&amp;L)</translation>
    </message>
    <message>
        <source>Follow system</source>
        <translation>跟隨系統</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>淺色</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>說明(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>鍵盤快速鍵(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;About Reader</source>
        <translation>關於 Reader(&amp;A)</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>主工具列</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Document text</source>
        <translation>文件內文</translation>
    </message>
    <message>
        <source>Parallel texts</source>
        <translation>對照文本</translation>
    </message>
    <message>
        <source>Restore newest backup</source>
        <translation>還原最新備份</translation>
    </message>
    <message>
        <source>Find in document (Enter: next, Shift+Enter: previous)</source>
        <translation>在文件中尋找（Enter：下一個，Shift+Enter：上一個）</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>搜尋</translation>
    </message>
    <message>
        <source>All documents and notes</source>
        <translation>所有文件和筆記</translation>
    </message>
    <message>
        <source>Search the whole library and your notes</source>
        <translation>搜尋整個文庫和你的筆記</translation>
    </message>
    <message>
        <source>Previous</source>
        <translation>上一個</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>下一個</translation>
    </message>
    <message>
        <source>Search results in the library</source>
        <translation>文庫搜尋結果</translation>
    </message>
    <message>
        <source>Annotations</source>
        <translation>註記</translation>
    </message>
    <message>
        <source>Glossary</source>
        <translation>詞彙表</translation>
    </message>
    <message>
        <source>Links</source>
        <translation>連結</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>筆記</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>時間線</translation>
    </message>
    <message>
        <source>Saving failed: {msg}</source>
        <translation>儲存失敗：{msg}</translation>
    </message>
    <message>
        <source>{title} (notes read-only)[*] — Reader</source>
        <translation>{title}（筆記唯讀）[*] — Reader</translation>
    </message>
    <message>
        <source>{title}[*] — Reader</source>
        <translation>{title}[*] — Reader</translation>
    </message>
    <message>
        <source>Another Reader window is using {dir}; your notes are read-only here so nothing it saves is overwritten.</source>
        <translation>另一個 Reader 視窗正在使用 {dir}；此處的筆記為唯讀，以免覆寫該視窗儲存的內容。</translation>
    </message>
    <message>
        <source>Your notes for this document could not be read — {error}. The file is left untouched and notes are read-only for this document.</source>
        <translation>無法讀取你在這份文件的筆記——{error}。檔案未被更動，這份文件的筆記為唯讀。</translation>
    </message>
    <message>
        <source>No readable backup was found.</source>
        <translation>找不到可讀取的備份。</translation>
    </message>
    <message>
        <source>Restored notes from {name}; the unreadable file was kept in backups.</source>
        <translation>已從 {name} 還原筆記；無法讀取的檔案已保留在備份中。</translation>
    </message>
    <message>
        <source>{problem} (and {more} more; run `reader check`)</source>
        <translation>{problem}（另有 {more} 項；請執行 `reader check`）</translation>
    </message>
    <message>
        <source>This document has no parallel translations.</source>
        <translation>這份文件沒有對照譯文。</translation>
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
        <translation>閱讀窗格</translation>
    </message>
</context>
<context>
    <name>ReadingView</name>
    <message>
        <source>Reading pane</source>
        <translation>閱讀窗格</translation>
    </message>
</context>
<context>
    <name>SidePanel</name>
    <message>
        <source>Side panel</source>
        <translation>側邊面板</translation>
    </message>
</context>
</TS>