import { z } from 'zod';

// zod's default messages are English; the clerk reads them as they are.
z.config(z.locales.zhCN());

export { z };
