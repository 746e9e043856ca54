import { describe, expect, it } from "vitest";
import { endpointUrl, parseMaster, parseMasterList, resolveRedirect } from "../../http/endpoint.js";
import { MesosTransportError } from "../../http/errors.js";
import { thrown } from "../../../test/helpers/thrown.js";

describe("parseMasterList", () => {
  it("reads host:port, URLs and comma-separated lists", () => {
    expect(parseMasterList("m1:5050, m2:5051").map(String)).toEqual(["http://m1:5050/", "http://m2:5051/"]);
    expect(parseMasterList(["https://m1:8443/mesos/"]).map(String)).toEqual(["https://m1:8443/mesos"]);
    expect(parseMaster("[::1]:5050").href).toBe("http://[::1]:5050/");
  });

  it("gives a bare host the master's default port, and a URL its scheme's", () => {
    expect(parseMaster("m1").href).toBe("http://m1:5050/");
    expect(parseMaster("m1:80").href).toBe("http://m1/");
    expect(parseMaster("https://m1").href).toBe("https://m1/");
    expect(parseMaster("m1", "https").href).toBe("https://m1:5050/");
  });

  it("rejects what is not a master address, saying what is accepted", () => {
    for (const bad of ["", " , ", "ftp://m1", "http://user:pw@m1:5050", "http://[::1"]) {
      const error = thrown(MesosTransportError, () => parseMasterList(bad));
      expect(error).toMatchObject({ code: "ERR_MESOS_BAD_MASTER" });
      expect(error.message).toMatch(/host:port/);
    }
  });
});

describe("endpointUrl", () => {
  it("appends the API path below a path prefix", () => {
    expect(endpointUrl(new URL("http://m1:5050"), "/api/v1/scheduler").href).toBe("http://m1:5050/api/v1/scheduler");
    expect(endpointUrl(new URL("https://proxy/mesos/"), "/api/v1/scheduler").href).toBe(
      "https://proxy/mesos/api/v1/scheduler",
    );
    expect(endpointUrl(new URL("http://m1:5050/api/v1/scheduler"), "/api/v1/scheduler").pathname).toBe(
      "/api/v1/scheduler",
    );
  });
});

describe("resolveRedirect (C028)", () => {
  const current = new URL("http://m1:5050/api/v1/scheduler");

  it("resolves Mesos' protocol-relative Location against the scheme in use, keeping its path", () => {
    expect(resolveRedirect("//m2:5050/master/api/v1/scheduler", current).href).toBe(
      "http://m2:5050/master/api/v1/scheduler",
    );
    expect(resolveRedirect("//m2:5050/master/api/v1/scheduler", new URL("https://m1:5050/x")).protocol).toBe("https:");
    expect(resolveRedirect("http://m3:5050/master/api/v1/scheduler", current).host).toBe("m3:5050");
  });

  it("refuses a missing or non-HTTP Location", () => {
    expect(thrown(MesosTransportError, () => resolveRedirect(undefined, current))).toMatchObject({
      code: "ERR_MESOS_BAD_REDIRECT",
    });
    expect(thrown(MesosTransportError, () => resolveRedirect("mailto:x@y", current))).toMatchObject({
      code: "ERR_MESOS_BAD_REDIRECT",
    });
  });
});
