import axios, { Axios, AxiosError, AxiosResponse, isAxiosError } from 'axios';
import { HUB_USER_AGENT } from './atlassian-http.factory';

/*
 * The HTTP client as the rest of the hub sees it. Only src/atlassian/ imports axios (ESLint
 * enforces it): clients are built here, with the allowed hosts, timeouts and secret masking, and
 * everything else holds them through these names.
 */
/** An axios client (the class: methods, defaults, interceptors; never called as a function). */
export type HttpClient = Axios;
export type HttpResponse<T = unknown> = AxiosResponse<T>;
export type HttpError = AxiosError;
export const isHttpError: (error: unknown) => error is AxiosError = isAxiosError;

/**
 * A GET without credentials of a public JSON document (a site's `/_edge/tenant_info`). Redirects
 * are not followed and no proxy is used, so the answer comes from the URL the caller checked.
 */
export async function getPublicJson<T>(url: string, timeoutMs: number): Promise<HttpResponse<T>> {
  return axios.get<T>(url, {
    timeout: timeoutMs,
    maxRedirects: 0,
    proxy: false,
    headers: { 'User-Agent': HUB_USER_AGENT, Accept: 'application/json' },
  });
}
