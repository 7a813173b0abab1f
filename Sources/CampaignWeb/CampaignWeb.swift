/// The supporter web app without sockets: requests in, responses out.
/// `campaign-server` binds it to libmicrohttpd.
public enum CampaignWeb {}
