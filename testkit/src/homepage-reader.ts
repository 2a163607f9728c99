/**
 * A well-behaved reader of the marketplace at `baseUrl` (e.g. `http://127.0.0.1:5000`):
 * each call loads the homepage as a new reader (cookie `reader=1`, `2`, …) with a 5 s
 * deadline, reads the whole page, and rejects unless the answer was a 200.
 */
export function homepageReader(baseUrl: string): () => Promise<void> {
  let reader = 0;
  return async () => {
    const response = await fetch(`${baseUrl}/`, { headers: { cookie: `reader=${++reader}` }, signal: AbortSignal.timeout(5000) });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`status ${response.status}`);
  };
}
