<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_TW">
<context>
    <name />
    <message>
        <source>Select the words to quote first.</source>
        <translation>請先選取要引用的文字。</translation>
    </message>
    <message>
        <source>Copied with its citation.</source>
        <translation>已連同引文出處複製。</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>鍵盤快速鍵</translation>
    </message>
    <message>
        <source>Keyboard shortcuts by menu</source>
        <translation>依選單列出的鍵盤快速鍵</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>動作</translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation>快速鍵</translation>
    </message>
    <message>
        <source>About Reader</source>
        <translation>關於 Reader</translation>
    </message>
    <message>
        <source>Reader — an offline reader for an annotated corpus.
Your data: {dir}</source>
        <translation>Reader——離線閱讀附註語料的工具。
你的資料：{dir}</translation>
    </message>
    <message>
        <source>The texts differ</source>
        <translation>文本說法不同</translation>
    </message>
    <message>
        <source>These passages state different things.</source>
        <translation>這些段落的說法不同。</translation>
    </message>
    <message>
        <source>Preferences</source>
        <translation>偏好設定</translation>
    </message>
    <message>
        <source>Your name</source>
        <translation>你的名字</translation>
    </message>
    <message>
        <source>Reader user</source>
        <translation>Reader 使用者</translation>
    </message>
    <message>
        <source>Reading font</source>
        <translation>閱讀字型</translation>
    </message>
    <message>
        <source>Bundled reading font</source>
        <translation>內附的閱讀字型</translation>
    </message>
    <message>
        <source>Font size</source>
        <translation>字級</translation>
    </message>
    <message>
        <source>Line spacing</source>
        <translation>行距</translation>
    </message>
    <message>
        <source>Margins</source>
        <translation>邊距</translation>
    </message>
    <message>
        <source>Text width</source>
        <translation>文字寬度</translation>
    </message>
    <message>
        <source>Your &amp;name (the author of the annotations you export):</source>
        <translation>你的名字（匯出註記的作者）(&amp;N)：</translation>
    </message>
    <message>
        <source>Reading &amp;font:</source>
        <translation>閱讀字型(&amp;F)：</translation>
    </message>
    <message>
        <source>Font &amp;size:</source>
        <translation>字級(&amp;S)：</translation>
    </message>
    <message>
        <source>&amp;Line spacing:</source>
        <translation>行距(&amp;L)：</translation>
    </message>
    <message>
        <source>&amp;Margins:</source>
        <translation>邊距(&amp;M)：</translation>
    </message>
    <message>
        <source>Text &amp;width:</source>
        <translation>文字寬度(&amp;W)：</translation>
    </message>
    <message>
        <source>Export annotated PDF</source>
        <translation>匯出附註記的 PDF</translation>
    </message>
    <message>
        <source>Printing failed</source>
        <translation>列印失敗</translation>
    </message>
    <message>
        <source>The printer could not be opened.</source>
        <translation>無法開啟印表機。</translation>
    </message>
    <message numerus="yes">
        <source>Sent %n page(s) to the printer.</source>
        <translation>
            <numerusform>已將 %n 頁送到印表機。</numerusform>
        </translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>正在匯出…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Exporting {what}…</source>
        <translation>正在匯出{what}…</translation>
    </message>
    <message>
        <source>Export cancelled; nothing was written.</source>
        <translation>已取消匯出；沒有寫入任何檔案。</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>匯出失敗</translation>
    </message>
    <message>
        <source>Exported {pages} pages to {path}.</source>
        <translation>已將 {pages} 頁匯出至 {path}。</translation>
    </message>
    <message>
        <source>Exported 1 page to {path}.</source>
        <translation>已將 1 頁匯出至 {path}。</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>匯出</translation>
    </message>
    <message>
        <source>Exported to {path}.</source>
        <translation>已匯出至 {path}。</translation>
    </message>
    <message>
        <source>Import annotations</source>
        <translation>匯入註記</translation>
    </message>
    <message>
        <source>Annotations (*.json *.jsonld *.pdf);;All files (*)</source>
        <translation>註記 (*.json *.jsonld *.pdf);;所有檔案 (*)</translation>
    </message>
    <message>
        <source>Import failed</source>
        <translation>匯入失敗</translation>
    </message>
    <message>
        <source>Imported 1 annotation from {name}.</source>
        <translation>已從 {name} 匯入 1 則註記。</translation>
    </message>
    <message>
        <source>Imported {n} annotations from {name}.</source>
        <translation>已從 {name} 匯入 {n} 則註記。</translation>
    </message>
    <message numerus="yes">
        <source>%n highlight(s)</source>
        <translation>
            <numerusform>%n 個螢光標記</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n glossary entry(ies)</source>
        <translation>
            <numerusform>%n 個詞彙條目</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n timeline event(s)</source>
        <translation>
            <numerusform>%n 個時間線事件</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n link(s)</source>
        <translation>
            <numerusform>%n 個連結</numerusform>
        </translation>
    </message>
    <message>
        <source>Imported from {name}: {counts}.</source>
        <translation>已從 {name} 匯入：{counts}。</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>Add texts to your library</source>
        <translation>將文本加入你的文庫</translation>
    </message>
    <message>
        <source>Texts, web pages, EPUB, PDF, Word ({patterns});;All files (*)</source>
        <translation>文本、網頁、EPUB、PDF、Word ({patterns});;所有檔案 (*)</translation>
    </message>
    <message>
        <source>Added “{title}” to your library.</source>
        <translation>已將「{title}」加入你的文庫。</translation>
    </message>
    <message>
        <source>{name} is already in the library as “{title}”; nothing was added.</source>
        <translation>{name} 已以「{title}」在文庫中；沒有加入任何內容。</translation>
    </message>
    <message>
        <source>{name} is a new version of “{title}”: its text was replaced and your notes were re-anchored (the previous text is in backups/library).</source>
        <translation>{name} 是「{title}」的新版本：已替換其文本，並重新定位你的筆記（舊文本保存在 backups/library）。</translation>
    </message>
    <message>
        <source>Removed “{id}” from your library (Undo remove puts it back; your notes are kept).</source>
        <translation>已從你的文庫移除「{id}」（「復原移除」可放回；你的筆記會保留）。</translation>
    </message>
    <message>
        <source>Put “{id}” back in your library.</source>
        <translation>已將「{id}」放回你的文庫。</translation>
    </message>
    <message>
        <source>Undo &amp;remove from library</source>
        <translation>復原從文庫移除(&amp;R)</translation>
    </message>
    <message>
        <source>Saved the details of “{title}”.</source>
        <translation>已儲存「{title}」的資料。</translation>
    </message>
    <message>
        <source>The library cannot be changed: the data folder is {why}.</source>
        <translation>無法更改文庫：資料夾{why}。</translation>
    </message>
    <message>
        <source>“{term}” does not occur in this document; showing its source.</source>
        <translation>「{term}」沒有出現在這份文件中；改為顯示其出處。</translation>
    </message>
    <message>
        <source>This note lost its place in the text: select new text and use “Attach here”.</source>
        <translation>這則筆記在文本中失去了位置：請選取新的文字並使用「附在此處」。</translation>
    </message>
    <message>
        <source>Select some text first, then highlight it.</source>
        <translation>請先選取文字，再加上螢光標記。</translation>
    </message>
    <message>
        <source>Select text (or a highlight in Notes) to write a note.</source>
        <translation>選取文字（或「筆記」分頁中的螢光標記）以撰寫筆記。</translation>
    </message>
    <message>
        <source>Select a highlight to delete.</source>
        <translation>請選取要刪除的螢光標記。</translation>
    </message>
    <message>
        <source>Select the new text in the reading pane, then choose “Attach here”.</source>
        <translation>在閱讀窗格中選取新的文字，然後選擇「附在此處」。</translation>
    </message>
    <message>
        <source>Select the passage the link starts from.</source>
        <translation>請選取連結起點的段落。</translation>
    </message>
    <message>
        <source>Link started: select the target passage (any document), then Edit › Complete link here.</source>
        <translation>已開始連結：請選取目標段落（任何文件皆可），然後選擇「編輯 › 在此完成連結」。</translation>
    </message>
    <message>
        <source>Start a link first, then select its target passage.</source>
        <translation>請先開始一個連結，再選取目標段落。</translation>
    </message>
    <message>
        <source>Link type</source>
        <translation>連結類型</translation>
    </message>
    <message>
        <source>This passage…</source>
        <translation>這個段落…</translation>
    </message>
    <message>
        <source>Link note</source>
        <translation>連結說明</translation>
    </message>
    <message>
        <source>One line about the link (optional):</source>
        <translation>關於這個連結的一句說明（選填）：</translation>
    </message>
    <message>
        <source>Linked: {type}.</source>
        <translation>已建立連結：{type}。</translation>
    </message>
    <message>
        <source>Undone: {what}</source>
        <translation>已復原：{what}</translation>
    </message>
    <message>
        <source>Redone: {what}</source>
        <translation>已重做：{what}</translation>
    </message>
    <message>
        <source>&amp;Undo {what}</source>
        <translation>復原{what}(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo {what}</source>
        <translation>重做{what}(&amp;R)</translation>
    </message>
    <message>
        <source>Name a colour</source>
        <translation>為顏色命名</translation>
    </message>
    <message>
        <source>Meaning of {colour}:</source>
        <translation>{colour} 的含義：</translation>
    </message>
    <message>
        <source>Highlight in colour</source>
        <translation>以顏色螢光標記</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>複製</translation>
    </message>
    <message>
        <source>Document info</source>
        <translation>文件資訊</translation>
    </message>
    <message>
        <source>&amp;Title</source>
        <translation>標題(&amp;T)</translation>
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
        <translation>語言(&amp;L)</translation>
    </message>
    <message>
        <source>Colle&amp;ctions / tags</source>
        <translation>收藏集／標籤(&amp;C)</translation>
    </message>
    <message>
        <source>Shipped texts cannot be edited.</source>
        <translation>隨附的文本無法編輯。</translation>
    </message>
    <message>
        <source>The text itself is kept as imported; only these details change.</source>
        <translation>文本本身保持匯入時的原樣；只有這些資料會變更。</translation>
    </message>
    <message>
        <source>Provenance</source>
        <translation>來源</translation>
    </message>
    <message>
        <source>Library order</source>
        <translation>文庫順序</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>標題</translation>
    </message>
    <message>
        <source>Date added</source>
        <translation>加入日期</translation>
    </message>
    <message>
        <source>Publisher</source>
        <translation>出版者</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>語言</translation>
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
        <translation>轉載者</translation>
    </message>
    <message>
        <source>Original</source>
        <translation>原出處</translation>
    </message>
    <message>
        <source>Languages</source>
        <translation>語言</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>來源檔案</translation>
    </message>
    <message>
        <source>Removed</source>
        <translation>已移除的內容</translation>
    </message>
    <message>
        <source>Added</source>
        <translation>加入日期</translation>
    </message>
    <message>
        <source>Document id</source>
        <translation>文件代號</translation>
    </message>
    <message>
        <source>By {authors}</source>
        <translation>作者：{authors}</translation>
    </message>
    <message>
        <source>republished by {again} from {original}</source>
        <translation>由 {again} 轉載自 {original}</translation>
    </message>
    <message>
        <source>original: {original}</source>
        <translation>原出處：{original}</translation>
    </message>
    <message>
        <source>your text, added {date}</source>
        <translation>你的文本，加入於 {date}</translation>
    </message>
    <message>
        <source>your text</source>
        <translation>你的文本</translation>
    </message>
    <message>
        <source>Contents</source>
        <translation>目錄</translation>
    </message>
    <message>
        <source>Document info…</source>
        <translation>文件資訊…</translation>
    </message>
    <message>
        <source>Remove from library</source>
        <translation>從文庫移除</translation>
    </message>
    <message>
        <source>Sync folder not set: {error}</source>
        <translation>未設定同步資料夾：{error}</translation>
    </message>
    <message>
        <source>Not synced: {error}</source>
        <translation>未同步：{error}</translation>
    </message>
    <message>
        <source>Sync {at}: could not send ({error})</source>
        <translation>{at} 同步：無法傳送（{error}）</translation>
    </message>
    <message>
        <source>Synced {at}: nothing new</source>
        <translation>{at} 已同步：沒有新內容</translation>
    </message>
    <message>
        <source>Synced {at}: sent {sent}, received {received}, merged {merged}</source>
        <translation>{at} 已同步：送出 {sent}，收到 {received}，合併 {merged}</translation>
    </message>
    <message numerus="yes">
        <source>; %n deleted on one device while edited on another: kept for review</source>
        <translation>
            <numerusform>；%n 個在一部裝置上刪除、同時在另一部裝置上編輯：已保留待審閱</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>; skipped %n file(s): {names}</source>
        <translation>
            <numerusform>；略過 %n 個檔案：{names}</numerusform>
        </translation>
    </message>
    <message>
        <source>; not synced, cannot be read: {names}</source>
        <translation>；無法讀取，未同步：{names}</translation>
    </message>
    <message>
        <source>Sync status</source>
        <translation>同步狀態</translation>
    </message>
    <message>
        <source>S&amp;ync folder…</source>
        <translation>同步資料夾…(&amp;Y)</translation>
    </message>
    <message>
        <source>Choose a shared folder (Syncthing, Nextcloud, a USB stick) to sync notes through</source>
        <translation>選擇一個共用資料夾（Syncthing、Nextcloud、USB 隨身碟）來同步筆記</translation>
    </message>
    <message>
        <source>Filter annotations…</source>
        <translation>篩選註記…</translation>
    </message>
    <message>
        <source>Annotations of this document</source>
        <translation>這份文件的註記</translation>
    </message>
    <message>
        <source>Your study layer is read-only in this window: {reason}.</source>
        <translation>你的研讀層在此視窗中為唯讀：{reason}。</translation>
    </message>
    <message>
        <source>Your glossary or timeline file could not be read; it is left as it is.</source>
        <translation>無法讀取你的詞彙表或時間線檔案；檔案保持原狀。</translation>
    </message>
    <message>
        <source>Select the term in the text first, then choose New glossary entry.</source>
        <translation>請先在文本中選取詞語，再選擇「新增詞彙條目」。</translation>
    </message>
    <message>
        <source>Select the passage that dates the event first, then choose Add to timeline.</source>
        <translation>請先選取標示事件日期的段落，再選擇「加入時間線」。</translation>
    </message>
    <message>
        <source>You have no glossary entries yet: select a term and choose New glossary entry first.</source>
        <translation>您還沒有詞彙條目：請先選取詞語，再選擇「新增詞彙條目」。</translation>
    </message>
    <message>
        <source>Select the passage first, then choose Add as glossary source.</source>
        <translation>請先選取段落，再選擇「加為詞彙出處」。</translation>
    </message>
    <message>
        <source>Not saved: {reason}.</source>
        <translation>未儲存：{reason}。</translation>
    </message>
    <message>
        <source>Your link: {type}</source>
        <translation>你的連結：{type}</translation>
    </message>
    <message>
        <source>Filter the timeline…</source>
        <translation>篩選時間線…</translation>
    </message>
    <message>
        <source>Timeline events</source>
        <translation>時間線事件</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>編輯…(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>刪除(&amp;D)</translation>
    </message>
</context>
<context>
    <name>AddSourceDialog</name>
    <message>
        <source>Add a source to a glossary entry</source>
        <translation>為詞彙條目加入出處</translation>
    </message>
    <message>
        <source>Filter your entries…</source>
        <translation>篩選您的條目…</translation>
    </message>
    <message>
        <source>Your glossary entries</source>
        <translation>您的詞彙條目</translation>
    </message>
    <message>
        <source>&amp;Entry:</source>
        <translation>條目(&amp;E)：</translation>
    </message>
    <message>
        <source>New source:</source>
        <translation>新出處：</translation>
    </message>
</context>
<context>
    <name>AnnotationsPanel</name>
    <message>
        <source>Show kind of annotation</source>
        <translation>顯示註記類型</translation>
    </message>
    <message>
        <source>All kinds</source>
        <translation>所有類型</translation>
    </message>
</context>
<context>
    <name>CrossrefsPanel</name>
    <message>
        <source>Cross-references</source>
        <translation>交互參照</translation>
    </message>
    <message>
        <source>Links from and to this document. Enter or click follows a link.</source>
        <translation>連出和連入這份文件的連結。按 Enter 或點按即可前往。</translation>
    </message>
    <message>
        <source>Your link</source>
        <translation>你的連結</translation>
    </message>
    <message>
        <source>Editorial</source>
        <translation>編輯</translation>
    </message>
</context>
<context>
    <name>FindMixin</name>
    <message>
        <source>%1 found</source>
        <translation>找到 %1 個</translation>
    </message>
    <message>
        <source>Your note</source>
        <translation>你的筆記</translation>
    </message>
    <message>
        <source>Your tag</source>
        <translation>你的標籤</translation>
    </message>
    <message>
        <source>Your highlight</source>
        <translation>你的螢光標記</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>第 %1 個，共 %2 個</translation>
    </message>
</context>
<context>
    <name>GlossaryEntryDialog</name>
    <message>
        <source>Edit glossary entry</source>
        <translation>編輯詞彙條目</translation>
    </message>
    <message>
        <source>New glossary entry</source>
        <translation>新增詞彙條目</translation>
    </message>
    <message>
        <source>Other spellings in the texts, separated by commas</source>
        <translation>文本中的其他寫法，以逗號分隔</translation>
    </message>
    <message>
        <source>Neutral, attributed, drawn from the texts (Markdown allowed)</source>
        <translation>中立、註明出處、取材自文本（可用 Markdown）</translation>
    </message>
    <message>
        <source>Definition preview</source>
        <translation>定義預覽</translation>
    </message>
    <message>
        <source>&amp;Term:</source>
        <translation>詞語(&amp;T)：</translation>
    </message>
    <message>
        <source>&amp;Aliases:</source>
        <translation>別名(&amp;A)：</translation>
    </message>
    <message>
        <source>&amp;Kind:</source>
        <translation>類型(&amp;K)：</translation>
    </message>
    <message>
        <source>&amp;Definition:</source>
        <translation>定義(&amp;D)：</translation>
    </message>
    <message>
        <source>Preview:</source>
        <translation>預覽：</translation>
    </message>
    <message>
        <source>Source:</source>
        <translation>出處：</translation>
    </message>
    <message>
        <source>Add {form}</source>
        <translation>加入「{form}」</translation>
    </message>
</context>
<context>
    <name>GlossaryPanel</name>
    <message>
        <source>Search the glossary…</source>
        <translation>搜尋詞彙表…</translation>
    </message>
    <message>
        <source>Glossary entries</source>
        <translation>詞彙條目</translation>
    </message>
    <message>
        <source>Glossary entry</source>
        <translation>詞彙條目</translation>
    </message>
    <message>
        <source>Add the selected passage as a source</source>
        <translation>將選取的段落加為出處</translation>
    </message>
    <message>
        <source>Select a passage in the reading pane (any document), then click here</source>
        <translation>請在閱讀窗格（任何文件）中選取段落，再按此處</translation>
    </message>
    <message>
        <source>yours</source>
        <translation>你的</translation>
    </message>
    <message>
        <source>Also written:</source>
        <translation>又寫作：</translation>
    </message>
    <message>
        <source>Other spellings (not in the corpus):</source>
        <translation>其他寫法（不在語料中）：</translation>
    </message>
    <message>
        <source>Sources</source>
        <translation>出處</translation>
    </message>
    <message numerus="yes">
        <source>Occurs %n time(s) in the library</source>
        <translation>
            <numerusform>在文庫中出現 %n 次</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Unlinked mentions: %n</source>
        <translation>
            <numerusform>未連結的提及：%n</numerusform>
        </translation>
    </message>
    <message>
        <source>See also:</source>
        <translation>另見：</translation>
    </message>
</context>
<context>
    <name>LibraryPanel</name>
    <message>
        <source>Library</source>
        <translation>文庫</translation>
    </message>
    <message>
        <source>Filter the library</source>
        <translation>篩選文庫</translation>
    </message>
    <message>
        <source>Filter the library by title, author, publisher, language or tag</source>
        <translation>依標題、作者、出版者、語言或標籤篩選文庫</translation>
    </message>
    <message>
        <source>Sort the library by</source>
        <translation>文庫排序方式</translation>
    </message>
    <message>
        <source>Add text…</source>
        <translation>加入文本…</translation>
    </message>
    <message>
        <source>Add a text file to the library</source>
        <translation>將文本檔案加入文庫</translation>
    </message>
    <message>
        <source>Indexing your library: %1 of %2 texts…</source>
        <translation>正在為你的文庫建立索引：第 %1 篇，共 %2 篇…</translation>
    </message>
    <message>
        <source>Indexing your library…</source>
        <translation>正在為你的文庫建立索引…</translation>
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
        <translation>完成連結</translation>
    </message>
    <message>
        <source>Edit link</source>
        <translation>編輯連結</translation>
    </message>
    <message>
        <source>One line about the link (optional)</source>
        <translation>關於這個連結的一句說明（選填）</translation>
    </message>
    <message>
        <source>This passage…</source>
        <translation>這個段落…</translation>
    </message>
    <message>
        <source>&amp;Note:</source>
        <translation>說明(&amp;N)：</translation>
    </message>
</context>
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
        <source>&amp;Print…</source>
        <translation>列印…(&amp;P)</translation>
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
        <source>Copy with c&amp;itation</source>
        <translation>連同引文出處複製(&amp;I)</translation>
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
        <source>New &amp;glossary entry…</source>
        <translation>新增詞彙條目…(&amp;G)</translation>
    </message>
    <message>
        <source>Add as glossary &amp;source…</source>
        <translation>加為詞彙出處…(&amp;S)</translation>
    </message>
    <message>
        <source>Add to &amp;timeline…</source>
        <translation>加入時間線…(&amp;T)</translation>
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
        <source>&amp;Preferences…</source>
        <translation>偏好設定…(&amp;P)</translation>
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
        <source>&amp;Editorial marks</source>
        <translation>編輯標記(&amp;E)</translation>
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
        <source>F&amp;ull screen</source>
        <translation>全螢幕(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Show editorial marks</source>
        <translation>顯示編輯標記(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;All marks</source>
        <translation>全部標記(&amp;A)</translation>
    </message>
    <message>
        <source>Glossary terms &amp;once per section, other marks</source>
        <translation>每節只標一次詞彙，其他標記照常(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Glossary terms only</source>
        <translation>只標記詞彙(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;None</source>
        <translation>不標記(&amp;N)</translation>
    </message>
    <message>
        <source>Follow &amp;system</source>
        <translation>跟隨系統(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <translation>淺色(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Dark</source>
        <translation>深色(&amp;D)</translation>
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
        <source>Read-only</source>
        <translation>唯讀</translation>
    </message>
    <message>
        <source>Reading progress</source>
        <translation>閱讀進度</translation>
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
        <source>{percent}% read</source>
        <translation>已讀 {percent}%</translation>
    </message>
    <message>
        <source>Your notes are read-only here: the data folder {dir} is {reason}, so nothing is overwritten.</source>
        <translation>此處的筆記為唯讀：資料夾 {dir} {reason}，因此不會覆寫任何內容。</translation>
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
    <name>Marks</name>
    <message>
        <source>Glossary</source>
        <translation>詞彙表</translation>
    </message>
    <message>
        <source>Cross-reference</source>
        <translation>交互參照</translation>
    </message>
    <message>
        <source>Editorial note</source>
        <translation>編輯註釋</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>時間線</translation>
    </message>
    <message>
        <source>Your highlight</source>
        <translation>你的螢光標記</translation>
    </message>
</context>
<context>
    <name>NotesPanel</name>
    <message>
        <source>Note on the whole document</source>
        <translation>整份文件的筆記</translation>
    </message>
    <message>
        <source>A note on the whole document…</source>
        <translation>對整份文件的筆記…</translation>
    </message>
    <message>
        <source>Filter notes by text or tag…</source>
        <translation>依文字或標籤篩選筆記…</translation>
    </message>
    <message>
        <source>Filter notes</source>
        <translation>篩選筆記</translation>
    </message>
    <message>
        <source>Filter by colour</source>
        <translation>依顏色篩選</translation>
    </message>
    <message>
        <source>Filter by tag</source>
        <translation>依標籤篩選</translation>
    </message>
    <message>
        <source>Sort notes</source>
        <translation>排序筆記</translation>
    </message>
    <message>
        <source>By position</source>
        <translation>依位置</translation>
    </message>
    <message>
        <source>Newest first</source>
        <translation>最新的在前</translation>
    </message>
    <message>
        <source>Whole library</source>
        <translation>整個文庫</translation>
    </message>
    <message>
        <source>Show notes of the whole library</source>
        <translation>顯示整個文庫的筆記</translation>
    </message>
    <message>
        <source>Your highlights and notes</source>
        <translation>你的螢光標記和筆記</translation>
    </message>
    <message>
        <source>Note on the selected highlight</source>
        <translation>所選螢光標記的筆記</translation>
    </message>
    <message>
        <source>Select a highlight, then write a note here (Markdown allowed).</source>
        <translation>選取一個螢光標記，然後在此寫筆記（可用 Markdown）。</translation>
    </message>
    <message>
        <source>Note preview</source>
        <translation>筆記預覽</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>預覽</translation>
    </message>
    <message>
        <source>Show the note rendered as Markdown</source>
        <translation>以 Markdown 呈現筆記</translation>
    </message>
    <message>
        <source>Tags, separated by commas</source>
        <translation>標籤，以逗號分隔</translation>
    </message>
    <message>
        <source>Tags, comma-separated</source>
        <translation>標籤，以逗號分隔</translation>
    </message>
    <message>
        <source>Colour: %1</source>
        <translation>顏色：%1</translation>
    </message>
    <message>
        <source>Attach here</source>
        <translation>附在此處</translation>
    </message>
    <message>
        <source>Re-attach this orphaned note to the text selected in the reading pane</source>
        <translation>把這則失去位置的筆記重新附到閱讀窗格中選取的文字</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>刪除</translation>
    </message>
    <message>
        <source>Position is right</source>
        <translation>位置正確</translation>
    </message>
    <message>
        <source>This note was moved after the text changed; confirm its new place</source>
        <translation>文本變更後這則筆記被移動了；請確認它的新位置</translation>
    </message>
    <message>
        <source>Document note</source>
        <translation>文件筆記</translation>
    </message>
    <message>
        <source>All colours</source>
        <translation>所有顏色</translation>
    </message>
    <message>
        <source>All tags</source>
        <translation>所有標籤</translation>
    </message>
    <message>
        <source>↪ Moved — please review.</source>
        <translation>↪ 已移動——請檢查。</translation>
    </message>
    <message>
        <source>⚠ Orphaned — select text and use “Attach here”.</source>
        <translation>⚠ 失去位置——請選取文字並使用「附在此處」。</translation>
    </message>
    <message>
        <source>↩ Deleted on another device while you edited it — please review.</source>
        <translation>↩ 您編輯期間已在另一部裝置上被刪除——請檢查。</translation>
    </message>
    <message>
        <source>No highlight selected.</source>
        <translation>未選取螢光標記。</translation>
    </message>
    <message>
        <source>created %1</source>
        <translation>建立於 %1</translation>
    </message>
    <message>
        <source>read-only</source>
        <translation>唯讀</translation>
    </message>
    <message>
        <source>Write a note on this highlight (Markdown allowed).</source>
        <translation>為這個螢光標記寫筆記（可用 Markdown）。</translation>
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
    <name>ParallelView</name>
    <message>
        <source>— not in the source —</source>
        <translation>——原文未載——</translation>
    </message>
    <message>
        <source>Parallel texts</source>
        <translation>對照文本</translation>
    </message>
    <message>
        <source>%1, row %2</source>
        <translation>%1，第 %2 列</translation>
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
    <name>Session</name>
    <message>
        <source>the indexer could not be started</source>
        <translation>無法啟動索引程式</translation>
    </message>
    <message>
        <source>the indexer stopped unexpectedly (exit status %1)</source>
        <translation>索引程式意外停止（結束狀態 %1）</translation>
    </message>
    <message>
        <source>Your library could not be indexed (%1); your texts are read from their files instead.</source>
        <translation>無法為您的文庫建立索引（%1）；改為直接從檔案讀取您的文本。</translation>
    </message>
</context>
<context>
    <name>SidePanel</name>
    <message>
        <source>Side panel</source>
        <translation>側邊面板</translation>
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
        <translation>編輯時間線事件</translation>
    </message>
    <message>
        <source>Add to timeline</source>
        <translation>加入時間線</translation>
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
        <translation>日期如何從文本推得</translation>
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
        <translation>推論(&amp;R)：</translation>
    </message>
    <message>
        <source>&amp;Title:</source>
        <translation>標題(&amp;T)：</translation>
    </message>
    <message>
        <source>Anchor:</source>
        <translation>錨點：</translation>
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
        <translation>目前文件的目錄</translation>
    </message>
</context>
</TS>