/** The time zone every time on screen is shown in (chosen in the toolbar). */
import { createContext, useContext } from 'react';

export const TimeZoneContext = createContext<string>('UTC');

export const useTimeZone = (): string => useContext(TimeZoneContext);
