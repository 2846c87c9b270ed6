import { handlers } from "@/lib/http/session";

export const { GET, POST } = handlers;
