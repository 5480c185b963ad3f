/**
 * A module's text: paragraphs separated by blank lines, lines starting with "- " as a bulleted list. Rendered as
 * React nodes, never as HTML, so content written by staff cannot inject markup.
 */
export function TrainingContent({ text, testId }: { text: string; testId?: string }) {
  const blocks = text.split(/\n\s*\n/).map((b) => b.trim()).filter(Boolean);
  return (
    <div className="training-content" data-testid={testId}>
      {blocks.map((block, i) => {
        const lines = block.split('\n');
        if (lines.every((l) => l.trim().startsWith('- '))) {
          return (
            <ul key={i}>
              {lines.map((l, j) => (
                <li key={j}>{l.trim().slice(2)}</li>
              ))}
            </ul>
          );
        }
        return <p key={i}>{block}</p>;
      })}
    </div>
  );
}
