/** The one door to the server: POST /graphql. Errors come back as one readable message. */
export class ApiError extends Error {
  constructor(message: string, readonly code?: string) {
    super(message);
  }
}

export async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch("/graphql", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query, variables }),
    });
  } catch {
    throw new ApiError("The server does not answer (is npm start still running?)");
  }
  const body = (await res.json().catch(() => null)) as { data?: T; errors?: { message: string; extensions?: { code?: string } }[] } | null;
  if (!body) throw new ApiError(`The server answered ${res.status} without a GraphQL response`);
  if (body.errors?.length) throw new ApiError(body.errors.map((e) => e.message).join("; "), body.errors[0].extensions?.code);
  return body.data as T;
}
