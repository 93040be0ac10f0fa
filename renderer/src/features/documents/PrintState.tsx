/** What a print page shows instead of the document: why it cannot print, or that it is still loading. */
export function PrintState({ error }: { error: string | null }) {
  if (error) {
    return (
      <div className="ow-print-error" role="alert">
        <h1 style={{ fontSize: 18 }}>无法生成文书</h1>
        <p>{error}</p>
      </div>
    );
  }
  return <div className="ow-print-error">正在准备文书…</div>;
}
