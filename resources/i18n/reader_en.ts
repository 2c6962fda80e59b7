<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en">
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
        <source>&amp;Theme</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Language</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Follow system</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Light</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Dark</source>
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
        <source>Another Reader window is using {dir}; your notes are read-only here so nothing it saves is overwritten.</source>
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
    <name>PagePreview</name>
    <message>
        <source>Reading pane</source>
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
    <name>SidePanel</name>
    <message>
        <source>Side panel</source>
        <translation type="unfinished" />
    </message>
</context>
</TS>