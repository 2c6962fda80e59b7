<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en">
<context>
    <name />
    <message>
        <source>Select the words to quote first.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Copied with its citation.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Keyboard shortcuts by menu</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Action</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Shortcut</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>About Reader</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Reader — an offline reader for an annotated corpus.
Your data: {dir}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The texts differ</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>These passages state different things.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Preferences</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Your name</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Reader user</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Reading font</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Bundled reading font</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Font size</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Line spacing</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Margins</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Text width</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Your &amp;name (the author of the annotations you export):</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Reading &amp;font:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Font &amp;size:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Line spacing:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Margins:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Text &amp;width:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Export annotated PDF</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Printing failed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The printer could not be opened.</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>Sent %n page(s) to the printer.</source>
        <translation>
            <numerusform>Sent %n page to the printer.</numerusform>
            <numerusform>Sent %n pages to the printer.</numerusform>
        </translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Exporting {what}…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Export cancelled; nothing was written.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Export failed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Exported {pages} pages to {path}.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Exported 1 page to {path}.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Export</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Exported to {path}.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Import annotations</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Annotations (*.json *.jsonld *.pdf);;All files (*)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Import failed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Imported 1 annotation from {name}.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Imported {n} annotations from {name}.</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>%n highlight(s)</source>
        <translation>
            <numerusform>%n highlight</numerusform>
            <numerusform>%n highlights</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n glossary entry(ies)</source>
        <translation>
            <numerusform>%n glossary entry</numerusform>
            <numerusform>%n glossary entries</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n timeline event(s)</source>
        <translation>
            <numerusform>%n timeline event</numerusform>
            <numerusform>%n timeline events</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n link(s)</source>
        <translation>
            <numerusform>%n link</numerusform>
            <numerusform>%n links</numerusform>
        </translation>
    </message>
    <message>
        <source>Imported from {name}: {counts}.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>, </source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Add texts to your library</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Texts, web pages, EPUB, PDF, Word ({patterns});;All files (*)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Added “{title}” to your library.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>{name} is already in the library as “{title}”; nothing was added.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>{name} is a new version of “{title}”: its text was replaced and your notes were re-anchored (the previous text is in backups/library).</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Removed “{id}” from your library (Undo remove puts it back; your notes are kept).</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Put “{id}” back in your library.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Undo &amp;remove from library</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Saved the details of “{title}”.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The library cannot be changed: the data folder is {why}.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>“{term}” does not occur in this document; showing its source.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>This note lost its place in the text: select new text and use “Attach here”.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Select some text first, then highlight it.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Select text (or a highlight in Notes) to write a note.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Select a highlight to delete.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Select the new text in the reading pane, then choose “Attach here”.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Select the passage the link starts from.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Link started: select the target passage (any document), then Edit › Complete link here.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Start a link first, then select its target passage.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Link type</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>This passage…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Link note</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>One line about the link (optional):</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Linked: {type}.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Undone: {what}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Redone: {what}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Undo {what}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Redo {what}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Name a colour</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Meaning of {colour}:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Highlight in colour</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Copy</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Document info</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Title</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Authors</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Published (YYYY-MM-DD)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>P&amp;ublisher</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Languages</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Colle&amp;ctions / tags</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Shipped texts cannot be edited.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The text itself is kept as imported; only these details change.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Provenance</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Library order</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Title</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Date added</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Publisher</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Language</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Author</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Authors</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Published</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Republished by</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Original</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Languages</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Source</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Removed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Added</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Document id</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>By {authors}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>republished by {again} from {original}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>original: {original}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>your text, added {date}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>your text</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Contents</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Document info…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Remove from library</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Sync folder not set: {error}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Not synced: {error}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Sync {at}: could not send ({error})</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Synced {at}: nothing new</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Synced {at}: sent {sent}, received {received}, merged {merged}</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>; %n deleted on one device while edited on another: kept for review</source>
        <translation>
            <numerusform>; %n deleted on one device while edited on another: kept for review</numerusform>
            <numerusform>; %n deleted on one device while edited on another: kept for review</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>; skipped %n file(s): {names}</source>
        <translation>
            <numerusform>; skipped %n file: {names}</numerusform>
            <numerusform>; skipped %n files: {names}</numerusform>
        </translation>
    </message>
    <message>
        <source>; not synced, cannot be read: {names}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Sync status</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>S&amp;ync folder…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Choose a shared folder (Syncthing, Nextcloud, a USB stick) to sync notes through</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Filter annotations…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Annotations of this document</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Your study layer is read-only in this window: {reason}.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Your glossary or timeline file could not be read; it is left as it is.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Select the term in the text first, then choose New glossary entry.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Select the passage that dates the event first, then choose Add to timeline.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>You have no glossary entries yet: select a term and choose New glossary entry first.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Select the passage first, then choose Add as glossary source.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Not saved: {reason}.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Your link: {type}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Filter the timeline…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Timeline events</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>AddSourceDialog</name>
    <message>
        <source>Add a source to a glossary entry</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Filter your entries…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Your glossary entries</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Entry:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>New source:</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>AnnotationsPanel</name>
    <message>
        <source>Show kind of annotation</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>All kinds</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>CrossrefsPanel</name>
    <message>
        <source>Cross-references</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Links from and to this document. Enter or click follows a link.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Your link</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Editorial</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>FindMixin</name>
    <message>
        <source>%1 found</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Your note</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Your tag</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Your highlight</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 of %2</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>GlossaryEntryDialog</name>
    <message>
        <source>Edit glossary entry</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>New glossary entry</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Other spellings in the texts, separated by commas</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Neutral, attributed, drawn from the texts (Markdown allowed)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Definition preview</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Term:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Aliases:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Kind:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Definition:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Preview:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Source:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Add {form}</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>GlossaryPanel</name>
    <message>
        <source>Search the glossary…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Glossary entries</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Glossary entry</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Add the selected passage as a source</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Select a passage in the reading pane (any document), then click here</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>yours</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Also written:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Other spellings (not in the corpus):</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Sources</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>Occurs %n time(s) in the library</source>
        <translation>
            <numerusform>Occurs %n time in the library</numerusform>
            <numerusform>Occurs %n times in the library</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Unlinked mentions: %n</source>
        <translation>
            <numerusform>Unlinked mentions: %n</numerusform>
            <numerusform>Unlinked mentions: %n</numerusform>
        </translation>
    </message>
    <message>
        <source>See also:</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>LibraryPanel</name>
    <message>
        <source>Library</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Filter the library</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Filter the library by title, author, publisher, language or tag</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Sort the library by</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Add text…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Add a text file to the library</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Indexing your library: %1 of %2 texts…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Indexing your library…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Your text</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>LinkDialog</name>
    <message>
        <source>Complete link</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Edit link</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>One line about the link (optional)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>This passage…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Note:</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>MainMenu</name>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Add text…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Export annotated &amp;PDF…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Print…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Export &amp;Markdown…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Export &amp;W3C annotations…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>PDF export &amp;options</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Include the editorial layer (glossary, links, timeline)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Include my highlights and notes</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Import annotations…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Copy with c&amp;itation</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Highlight</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Highlight &amp;colour</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Add &amp;note</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Delete highlight</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>A&amp;ttach note here</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>New &amp;glossary entry…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Add as glossary &amp;source…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Add to &amp;timeline…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Start a &amp;link here</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Complete link here…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Find in &amp;library…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Name colours…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Back</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Forward</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Zoom &amp;in</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Zoom &amp;out</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Actual size</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Parallel texts</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Editorial marks</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Language</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>F&amp;ull screen</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Show editorial marks</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;All marks</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Glossary terms &amp;once per section, other marks</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Glossary terms only</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;None</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Follow &amp;system</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Light</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Dark</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;About Reader</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Main</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Document text</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Parallel texts</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Read-only</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Reading progress</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Restore newest backup</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Find in document (Enter: next, Shift+Enter: previous)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Search</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>All documents and notes</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Search the whole library and your notes</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Previous</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Next</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Search results in the library</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Annotations</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Glossary</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Links</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Notes</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Timeline</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Saving failed: {msg}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>{title} (notes read-only)[*] — Reader</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>{title}[*] — Reader</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>{percent}% read</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Your notes are read-only here: the data folder {dir} is {reason}, so nothing is overwritten.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Your notes for this document could not be read — {error}. The file is left untouched and notes are read-only for this document.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No readable backup was found.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Restored notes from {name}; the unreadable file was kept in backups.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>{problem} (and {more} more; run `reader check`)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>This document has no parallel translations.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>English</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>Marks</name>
    <message>
        <source>Glossary</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cross-reference</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Editorial note</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Timeline</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Your highlight</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>NotesPanel</name>
    <message>
        <source>Note on the whole document</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>A note on the whole document…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Filter notes by text or tag…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Filter notes</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Filter by colour</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Filter by tag</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Sort notes</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>By position</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Newest first</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Whole library</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Show notes of the whole library</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Your highlights and notes</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Note on the selected highlight</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Select a highlight, then write a note here (Markdown allowed).</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Note preview</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Preview</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Show the note rendered as Markdown</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Tags, separated by commas</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Tags, comma-separated</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Colour: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Attach here</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Re-attach this orphaned note to the text selected in the reading pane</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Position is right</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>This note was moved after the text changed; confirm its new place</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Document note</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>All colours</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>All tags</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>↪ Moved — please review.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>⚠ Orphaned — select text and use “Attach here”.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>↩ Deleted on another device while you edited it — please review.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No highlight selected.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>created %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>read-only</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Write a note on this highlight (Markdown allowed).</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>PagePreview</name>
    <message>
        <source>Reading pane</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>ParallelView</name>
    <message>
        <source>— not in the source —</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Parallel texts</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1, row %2</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>ReadingView</name>
    <message>
        <source>Reading pane</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>Session</name>
    <message>
        <source>the indexer could not be started</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>the indexer stopped unexpectedly (exit status %1)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Your library could not be indexed (%1); your texts are read from their files instead.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>SidePanel</name>
    <message>
        <source>Side panel</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>TextPassage</name>
    <message>
        <source>Passage</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>TimelineEventDialog</name>
    <message>
        <source>Edit timeline event</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Add to timeline</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>day</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>month</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>year</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>How the date follows from the text</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Date:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The text &amp;says:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Reasoning:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Title:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Anchor:</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>TimelinePanel</name>
    <message>
        <source>yours</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>TocView</name>
    <message>
        <source>Contents of the open document</source>
        <translation type="unfinished" />
    </message>
</context>
</TS>