export interface SignInDeviceDetail {
  browser: string;
  operatingSystem: string;
  deviceType: string;
  clientAppUsed: string;
}
