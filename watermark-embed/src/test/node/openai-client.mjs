// Talks to a running `telltale serve-model` with the official OpenAI Node client (pinned in package.json)
// and prints one JSON object with what it saw. Run by OpenAiNodeClientTest; by hand:
//   TELLTALE_BASE_URL=http://127.0.0.1:8000/v1 TELLTALE_API_KEY=sk-... TELLTALE_MODEL=brown-kn3 node openai-client.mjs
// Exit code 0 when every check passed, 1 with {"ok": false, "error": ...} otherwise.
import OpenAI from 'openai';

const baseURL = process.env.TELLTALE_BASE_URL;
const apiKey = process.env.TELLTALE_API_KEY;
const model = process.env.TELLTALE_MODEL;
const client = new OpenAI({ baseURL, apiKey, maxRetries: 0, timeout: 60_000 });
const seen = {};

function check(cond, what) {
  if (!cond) throw new Error('check failed: ' + what);
}

async function expectError(promise, cls, status) {
  try {
    await promise;
  } catch (e) {
    check(e instanceof cls, `expected ${cls.name}, got ${e?.constructor?.name}: ${e?.message}`);
    check(e.status === status, `expected status ${status}, got ${e.status}`);
    return e;
  }
  throw new Error(`expected ${cls.name}, but the request succeeded`);
}

try {
  const models = await client.models.list();
  seen.models = models.data.map((m) => m.id);
  check(seen.models.includes(model), 'models.list names the served model');
  seen.retrieved = (await client.models.retrieve(model)).id;

  const prompt = 'The jury said that';
  const c = await client.completions.create({ model, prompt, max_tokens: 12, n: 2, seed: 7 });
  check(c.choices.length === 2, 'n = 2 gives two choices');
  seen.completion = { texts: c.choices.map((x) => x.text), finish: c.choices.map((x) => x.finish_reason), usage: c.usage };

  const one = await client.completions.create({ model, prompt, max_tokens: 20, seed: 11, temperature: 0.9, top_p: 0.95 });
  const stream = await client.completions.create({
    model, prompt, max_tokens: 20, seed: 11, temperature: 0.9, top_p: 0.95, stream: true,
    stream_options: { include_usage: true },
  });
  let streamed = '';
  let chunks = 0;
  let streamUsage = null;
  for await (const chunk of stream) {
    chunks++;
    if (chunk.usage) streamUsage = chunk.usage;
    for (const ch of chunk.choices) streamed += ch.text ?? '';
  }
  seen.stream = { text: one.choices[0].text, streamed, chunks, usage: streamUsage };
  check(streamed === one.choices[0].text, 'streamed text equals the non-streamed text for the same seed');

  const messages = [
    { role: 'system', content: 'You answer briefly.' },
    { role: 'user', content: 'What did the jury say?' },
  ];
  const chat = await client.chat.completions.create({ model, messages, max_tokens: 16, seed: 5 });
  const chatStream = await client.chat.completions.create({ model, messages, max_tokens: 16, seed: 5, stream: true });
  let chatStreamed = '';
  let role = null;
  for await (const chunk of chatStream) {
    const d = chunk.choices[0]?.delta ?? {};
    if (d.role) role = d.role;
    chatStreamed += d.content ?? '';
  }
  seen.chat = { content: chat.choices[0].message.content, role: chat.choices[0].message.role, streamed: chatStreamed, streamRole: role, usage: chat.usage };
  check(chatStreamed === chat.choices[0].message.content, 'streamed chat equals the non-streamed reply');

  const wrongKey = new OpenAI({ baseURL, apiKey: 'sk-not-a-valid-key-000', maxRetries: 0 });
  const auth = await expectError(wrongKey.completions.create({ model, prompt: 'x' }), OpenAI.AuthenticationError, 401);
  seen.authError = { code: auth.code, message: auth.message };
  const bad = await expectError(client.completions.create({ model, prompt: 'x', temperature: 5 }), OpenAI.BadRequestError, 400);
  seen.badRequest = { param: bad.param, type: bad.type };
  const missing = await expectError(client.completions.create({ model: 'no-such-model', prompt: 'x' }), OpenAI.NotFoundError, 404);
  seen.notFound = { code: missing.code };

  console.log(JSON.stringify({ ok: true, seen }));
} catch (e) {
  console.log(JSON.stringify({ ok: false, error: String(e?.stack ?? e), seen }));
  process.exit(1);
}
