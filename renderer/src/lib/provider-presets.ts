/**
 * Well-known OpenAI-compatible endpoints, to start a profile from. Any other URL works too
 * ("Custom"). Models are suggestions: the picker lists what the server really offers.
 */
export interface ProviderPreset {
  id: string;
  name: string;
  baseUrl: string;
  model: string;
  /** Local servers usually need no key. */
  needsKey: boolean;
}

export const PROVIDER_PRESETS: readonly ProviderPreset[] = [
  {
    id: 'openai',
    name: 'OpenAI',
    baseUrl: 'https://api.openai.com/v1',
    model: 'gpt-4o-mini',
    needsKey: true,
  },
  {
    id: 'openrouter',
    name: 'OpenRouter',
    baseUrl: 'https://openrouter.ai/api/v1',
    model: 'openai/gpt-4o-mini',
    needsKey: true,
  },
  {
    id: 'groq',
    name: 'Groq',
    baseUrl: 'https://api.groq.com/openai/v1',
    model: 'meta-llama/llama-4-scout-17b-16e-instruct',
    needsKey: true,
  },
  {
    id: 'mistral',
    name: 'Mistral',
    baseUrl: 'https://api.mistral.ai/v1',
    model: 'pixtral-12b-2409',
    needsKey: true,
  },
  {
    id: 'gemini',
    name: 'Gemini (OpenAI layer)',
    baseUrl: 'https://generativelanguage.googleapis.com/v1beta/openai',
    model: 'gemini-2.0-flash',
    needsKey: true,
  },
  {
    id: 'deepseek',
    name: 'DeepSeek',
    baseUrl: 'https://api.deepseek.com/v1',
    model: 'deepseek-chat',
    needsKey: true,
  },
  {
    id: 'azure',
    name: 'Azure OpenAI',
    baseUrl: 'https://YOUR-RESOURCE.openai.azure.com/openai/v1',
    model: 'gpt-4o-mini',
    needsKey: true,
  },
  { id: 'ollama', name: 'Ollama', baseUrl: 'http://localhost:11434/v1', model: 'llava', needsKey: false },
  { id: 'lmstudio', name: 'LM Studio', baseUrl: 'http://localhost:1234/v1', model: '', needsKey: false },
  { id: 'vllm', name: 'vLLM', baseUrl: 'http://localhost:8000/v1', model: '', needsKey: false },
  {
    id: 'llamacpp',
    name: 'llama.cpp server',
    baseUrl: 'http://localhost:8080/v1',
    model: '',
    needsKey: false,
  },
  { id: 'custom', name: 'Custom', baseUrl: '', model: '', needsKey: false },
];
